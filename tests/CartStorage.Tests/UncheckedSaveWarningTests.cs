using CartStorage.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace CartStorage.Tests;

/// <summary>
/// SaveAsync on a cache without locking cannot enforce the version across servers (issue 13): the storage says so
/// in its capabilities and with one warning, on the first SaveAsync; with a lock provider it does not warn.
/// </summary>
public sealed class UncheckedSaveWarningTests
{
    [Fact]
    public async Task Without_locking_the_first_SaveAsync_logs_one_warning_and_capabilities_say_unsafe()
    {
        var logs = new CapturingLoggerProvider();
        var storage = Storage(logs, locks: null);
        var id = CartData.NewIdentifier();
        await storage.PutItemsAsync(id, "default", [CartData.Item("a")]);
        logs.Messages.Should().BeEmpty("only SaveAsync promises a version check");

        var saved = await storage.SaveAsync(id, "default", (await storage.GetAsync(id, "default"))! with { Items = [CartData.Item("b")] });
        await storage.SaveAsync(id, "default", saved with { Items = [CartData.Item("c")] });
        await storage.SaveAsync(CartData.NewIdentifier(), "default", CartSnapshot.Empty with { Items = [CartData.Item("d")] });

        logs.Messages.Should().ContainSingle().Which.Should().Match<(LogLevel Level, string Text)>(m =>
            m.Level == LogLevel.Warning && m.Text.Contains("SaveAsync", StringComparison.Ordinal) && m.Text.Contains("last write wins", StringComparison.Ordinal));
        storage.Capabilities.SafeAcrossServers.Should().BeFalse();
        storage.Capabilities.StoreEnforcedVersionCheck.Should().BeFalse();
    }

    [Fact]
    public async Task With_a_lock_provider_SaveAsync_does_not_warn()
    {
        var logs = new CapturingLoggerProvider();
        var storage = Storage(logs, new InProcessLockProvider());

        await storage.SaveAsync(CartData.NewIdentifier(), "default", CartSnapshot.Empty with { Items = [CartData.Item("a")] });

        logs.Messages.Should().NotContain(m => m.Text.Contains("SaveAsync", StringComparison.Ordinal));
        storage.Capabilities.Locking.Should().BeTrue();
    }

    private static CacheStorage Storage(CapturingLoggerProvider logs, ICartLockProvider? locks)
    {
        var options = new CartStorageOptions();
        options.Cache.UseLocking = locks is not null;
        return new CacheStorage(new MemoryDistributedCache(MsOptions.Create(new MemoryDistributedCacheOptions())), MsOptions.Create(options), locks, logs.Factory().CreateLogger<CacheStorage>());
    }
}
