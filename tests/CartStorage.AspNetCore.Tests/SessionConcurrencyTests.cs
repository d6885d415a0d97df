using CartStorage.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;

namespace CartStorage.AspNetCore.Tests;

/// <summary>
/// The documented concurrency behaviour (docs/session.md): sessions do not lock, so when two requests of one session
/// each add an item, the request that commits last wins and the other item is lost. Deterministic: both requests are
/// held after they read the session and released one after the other.
/// </summary>
public sealed class SessionConcurrencyTests
{
    private const string Default = "default";

    public static TheoryData<string, bool> StoresAndOrders => new()
    {
        { "memory", true }, { "memory", false }, { "redis", true }, { "redis", false },
    };

    [Theory]
    [MemberData(nameof(StoresAndOrders))]
    public async Task Two_concurrent_requests_of_one_session_each_add_an_item_and_the_last_commit_wins(string store, bool releaseAFirst)
    {
        await using var host = await StartAsync(store);
        using var client = host.CreateClient();
        var storage = host.Services.GetRequiredService<ICartStorage>();
        await client.RunAsync(_ => storage.PutItemsAsync("guest", Default, [CartData.Item("seed")]));

        var a = new HeldRequest(client, storage, "a");
        var b = new HeldRequest(client, storage, "b");
        await Task.WhenAll(a.HasRead, b.HasRead).WaitAsync(TimeSpan.FromMinutes(1));
        var (first, last) = releaseAFirst ? (a, b) : (b, a);
        var firstStored = await first.ReleaseAsync();
        var lastStored = await last.ReleaseAsync();

        // Each request saw only the seed and believes it wrote version 2 with its own item.
        firstStored.Items.Select(i => i.Id).Should().Equal("seed", first.ItemId);
        lastStored.Items.Select(i => i.Id).Should().Equal("seed", last.ItemId);
        firstStored.Version.Should().Be(2);
        lastStored.Version.Should().Be(2);
        var cart = await client.RunAsync(_ => storage.GetAsync("guest", Default));
        cart!.Items.Select(i => i.Id).Should().Equal(["seed", last.ItemId], "the last commit replaced the whole session: the first request's item is lost");
        cart.Version.Should().Be(2);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("redis")]
    public async Task The_same_two_requests_one_after_the_other_keep_both_items(string store)
    {
        await using var host = await StartAsync(store);
        using var client = host.CreateClient();
        var storage = host.Services.GetRequiredService<ICartStorage>();
        await client.RunAsync(_ => storage.PutItemsAsync("guest", Default, [CartData.Item("seed")]));

        var a = new HeldRequest(client, storage, "a");
        await a.HasRead;
        await a.ReleaseAsync();
        var b = new HeldRequest(client, storage, "b");
        await b.HasRead;
        await b.ReleaseAsync();

        var cart = await client.RunAsync(_ => storage.GetAsync("guest", Default));
        cart!.Items.Select(i => i.Id).Should().Equal("seed", "a", "b");
        cart.Version.Should().Be(3);
    }

    private static async Task<SessionHost> StartAsync(string store)
    {
        if (store == "memory")
        {
            return await SessionHost.StartAsync();
        }

        // Not disposed: RedisCache.Dispose would close the shared multiplexer, which lives as long as the test process.
        var redis = await TestServers.RedisAsync();
        var cache = new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) });
        return await SessionHost.StartAsync(services => services.AddSingleton<IDistributedCache>(cache));
    }

    /// <summary>A request that reads the cart (loading the session), waits to be released, then adds its item.</summary>
    private sealed class HeldRequest
    {
        private readonly TaskCompletionSource hasRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task<CartSnapshot> response;

        public HeldRequest(SessionClient client, ICartStorage storage, string itemId)
        {
            ItemId = itemId;
            response = client.RunAsync(async _ =>
            {
                await storage.GetAsync("guest", Default);
                hasRead.SetResult();
                await release.Task;
                return await storage.UpdateAsync("guest", Default, cart => cart with { Items = [.. cart.Items, CartData.Item(itemId)] });
            });
        }

        public string ItemId { get; }

        public Task HasRead => hasRead.Task;

        public Task<CartSnapshot> ReleaseAsync()
        {
            release.SetResult();
            return response;
        }
    }
}
