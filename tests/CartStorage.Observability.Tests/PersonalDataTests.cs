using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CartStorage.Database;
using CartStorage.Redis;
using CartStorage.Sqlite;
using CartStorage.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace CartStorage.Observability.Tests;

/// <summary>
/// Cart identifiers may be personal data (a user id, an e-mail address): no span carries them, in any form the span
/// exposes, and no exception message contains them (messages travel to clients and logs); exceptions about one cart
/// carry the identifier in <see cref="CartStorageException.Identifier"/>.
/// </summary>
public sealed class PersonalDataTests
{
    private const string Alice = "alice.smith@example.com";
    private const string Bob = "bob.jones@example.com";

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public async Task No_span_carries_the_cart_identifier(string backend)
    {
        await using var observed = backend == "sqlite" ? ObservedStorage.Sqlite() : ObservedStorage.MemoryCache();
        var storage = observed.Storage;
        const string instance = "wishlist";

        await storage.PutItemsAsync(Alice, instance, [CartData.Item("a")]);
        var stale = await storage.GetAsync(Alice, instance);
        await storage.PutMetadataAsync(Alice, instance, "note", CartData.Json("\"gift\""));
        await storage.Invoking(s => s.SaveAsync(Alice, instance, stale!)).Should().ThrowAsync<CartConflictException>();
        await storage.UpdateAsync(Alice, instance, cart => cart with { Items = [.. cart.Items, CartData.Item("b")] });
        await storage.GetInstancesAsync(Alice);
        await storage.SwapIdentifierAsync(Alice, Bob, instance);
        await storage.HasAsync(Bob, instance);
        await storage.ForgetAsync(Bob, instance);
        await storage.ForgetIdentifierAsync(Alice);

        var spans = observed.Telemetry.Spans;
        spans.Should().HaveCount(10);
        spans.Where(s => s.GetTagItem("cart.storage.instance") is not null).Should().OnlyContain(s => (string?)s.GetTagItem("cart.storage.instance") == instance).And.HaveCount(8);
        foreach (var span in spans)
        {
            Texts(span).Should().NotContain(text => text.Contains("alice", StringComparison.OrdinalIgnoreCase) || text.Contains("bob", StringComparison.OrdinalIgnoreCase), span.OperationName);
        }
    }

    /// <summary>Every kind of exception the library throws about one cart, on a real backend where it needs one.</summary>
    [Fact]
    public async Task No_exception_message_contains_the_cart_identifier()
    {
        var thrown = new List<Exception>();
        async Task Catch(Func<Task> operation) => thrown.Add((await FluentActions.Awaiting(operation).Should().ThrowAsync<Exception>("operation {0} must fail", thrown.Count)).Which);

        var directory = Path.Combine(Path.GetTempPath(), "cart-obs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await using var sqlite = new SqliteCartDataSource($"Data Source={Path.Combine(directory, "carts.db")}");
        var database = new DatabaseStorage(sqlite, new SqliteCartSqlDialect(), MsOptions.Create(new CartStorageOptions()), MsOptions.Create(new CartDatabaseOptions()));
        await database.PutItemsAsync(Alice, ObservedStorage.Default, [CartData.Item("a")]);
        var stale = await database.GetAsync(Alice, ObservedStorage.Default);
        await database.PutItemsAsync(Alice, ObservedStorage.Default, [CartData.Item("b")]);
        await Catch(() => database.SaveAsync(Alice, ObservedStorage.Default, stale!));
        await Catch(() => database.ForgetAsync(Alice, ObservedStorage.Default, stale!.ETag));
        await Catch(() => database.PutItemsAsync(Alice, ObservedStorage.Default, Enumerable.Range(0, 1001).Select(i => CartData.Item("i" + i))));
        await Catch(() => database.PutItemsAsync(Alice + "\uD800", ObservedStorage.Default, [CartData.Item("a")]));
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "carts.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE carts SET version = 0";
            await command.ExecuteNonQueryAsync();
        }

        await Catch(() => database.GetAsync(Alice, ObservedStorage.Default));
        await using var missing = new SqliteCartDataSource($"Data Source={Path.Combine(directory, "missing", "carts.db")}");
        await Catch(() => new DatabaseStorage(missing, new SqliteCartSqlDialect(), MsOptions.Create(new CartStorageOptions()), MsOptions.Create(new CartDatabaseOptions())).GetAsync(Alice, ObservedStorage.Default));

        var redis = await TestServers.RedisAsync();
        var cache = new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) });
        var locks = new RedLockCartLockProvider([redis]);
        var locked = Cache(cache, locks, "p" + Guid.NewGuid().ToString("N")[..8]);
        using var holding = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var holder = Task.Run(() => locked.UpdateAsync(Alice, ObservedStorage.Default, cart =>
        {
            // Holds the cart's lock until the other writer has given up.
            holding.Release();
            release.Wait(TimeSpan.FromSeconds(30));
            return cart with { Items = [CartData.Item("held")] };
        }));
        await holding.WaitAsync();
        await Catch(() => locked.PutItemsAsync(Alice, ObservedStorage.Default, [CartData.Item("busy")]));
        release.Release();
        await holder;

        await Catch(() => Cache(new MemoryDistributedCache(MsOptions.Create(new MemoryDistributedCacheOptions())), new LostLocks(), "lost").PutItemsAsync(Alice, ObservedStorage.Default, [CartData.Item("a")]));
        await using var down = await ConnectionMultiplexer.ConnectAsync(DeadEndpoint());
        await Catch(() => Cache(cache, new RedLockCartLockProvider([down]), "down").PutItemsAsync(Alice, ObservedStorage.Default, [CartData.Item("a")]));
        await Catch(() => Cache(new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(down) }), null, "down").GetAsync(Alice, ObservedStorage.Default));

        thrown.Select(e => e.GetType().Name).Should().Equal(
            nameof(CartConflictException), nameof(CartConflictException), nameof(CartLimitExceededException), nameof(ArgumentException),
            nameof(CartDataCorruptedException), nameof(CartStorageUnavailableException), nameof(CartLockTimeoutException),
            nameof(CartLockTimeoutException), nameof(CartStorageUnavailableException), nameof(CartStorageUnavailableException));
        thrown.Should().OnlyContain(e => !e.Message.Contains("alice", StringComparison.OrdinalIgnoreCase));
        thrown.OfType<CartStorageException>().Where(e => e is CartConflictException or CartDataCorruptedException || e.Message.Contains("lost", StringComparison.Ordinal))
            .Should().HaveCount(4).And.OnlyContain(e => e.Identifier == Alice && e.Instance == ObservedStorage.Default);
        Directory.Delete(directory, recursive: true);
    }

    private static CacheStorage Cache(Microsoft.Extensions.Caching.Distributed.IDistributedCache cache, ICartLockProvider? locks, string prefix) =>
        new(cache, MsOptions.Create(new CartStorageOptions { KeyPrefix = prefix, Cache = { UseLocking = locks is not null, LockTimeout = TimeSpan.FromMilliseconds(300) } }), locks);

    private static string DeadEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port},connectTimeout=200,asyncTimeout=500,abortConnect=false";
    }

    /// <summary>Locks that are lost as soon as they are taken (a lease that expired during a pause).</summary>
    private sealed class LostLocks : ICartLockProvider, ICartLock
    {
        public bool IsHeld => false;

        public Task<ICartLock> AcquireAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default) => Task.FromResult<ICartLock>(this);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Everything a span exports as text.</summary>
    private static IEnumerable<string> Texts(Activity span) =>
        new[] { span.OperationName, span.DisplayName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"))
            .Concat(span.Links.SelectMany(l => l.Tags?.Select(t => $"{t.Key}={t.Value}") ?? []));
}
