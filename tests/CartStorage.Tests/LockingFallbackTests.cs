using CartStorage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CartStorage.Tests;

/// <summary>Locking requested without a lock provider: plain writes, one warning, and capabilities that say so.</summary>
public sealed class LockingFallbackTests
{
    [Fact]
    public async Task Locking_without_a_provider_warns_once_and_reports_writes_as_unsafe()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs));
        services.AddCartStorage(o => o.Cache.UseLocking = true);
        await using var provider = services.BuildServiceProvider();

        var storage = provider.GetRequiredService<ICartStorage>();
        await storage.PutItemsAsync("u", "default", [Testing.CartData.Item("a")]);
        await storage.PutItemsAsync("u", "default", [Testing.CartData.Item("b")]);
        _ = provider.GetRequiredService<ICartStorage>();

        storage.Capabilities.SafeAcrossServers.Should().BeFalse();
        storage.Capabilities.Locking.Should().BeFalse();
        // Two separate mistakes, one warning each: no lock provider, and carts in an in-process cache.
        logs.Messages.Where(m => m.Level == LogLevel.Warning).Should().HaveCount(2);
        logs.Messages.Should().ContainSingle(m => m.Text.Contains("AddRedisLocking")).Which.Text.Should().Contain("UseLocking");
        logs.Messages.Should().ContainSingle(m => m.Text.Contains("AddStackExchangeRedisCache")).Which.Level.Should().Be(LogLevel.Warning);
        (await storage.GetItemsAsync("u", "default")).Should().ContainSingle().Which.Id.Should().Be("b");
    }

    [Fact]
    public async Task Without_locking_requested_nothing_is_logged()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs));
        services.AddCartStorage();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ICartStorage>().PutItemsAsync("u", "default", [Testing.CartData.Item("a")]);

        logs.Messages.Where(m => m.Level >= LogLevel.Warning).Should().BeEmpty();
    }
}
