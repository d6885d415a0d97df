using CartStorage.Redis;
using StackExchange.Redis;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// Durability before destruction (issue 20): with <c>Cart:Redis:Durability:Replicas</c> 1, a merge removes the guest cart
/// only once a replica holds the merged target. A replica that stalls (SIGSTOP) makes the merge fail as unavailable and
/// keeps the source; once the replica is back, the next merge finishes the move, adding nothing twice.
/// </summary>
public sealed class RedisDurabilityTests : IAsyncLifetime
{
    private const string Default = "default";

    private RedisServerProcess primary = null!;
    private RedisServerProcess replica = null!;
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync()
    {
        primary = await RedisServerProcess.StartAsync(appendOnly: false);
        replica = await RedisServerProcess.StartReplicaAsync(primary);
        redis = await primary.ConnectAsync();
        var admin = RedisServerProcess.Configuration(primary.Endpoint);
        admin.AllowAdmin = true;
        await using var inspector = await ConnectionMultiplexer.ConnectAsync(admin);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await inspector.GetServer(primary.Endpoint).InfoRawAsync("replication") ?? string.Empty).Contains("master_repl_offset", StringComparison.Ordinal)
            || !(await inspector.GetServer(primary.Endpoint).InfoRawAsync("replication"))!.Contains("state=online", StringComparison.Ordinal))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the replica must connect to its primary");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        replica.Resume();
        await redis.DisposeAsync();
        await replica.DisposeAsync();
        await primary.DisposeAsync();
    }

    [Fact]
    public async Task A_merge_removes_the_source_only_once_a_replica_holds_the_target_and_keeps_it_when_the_replica_stalls()
    {
        // A healthy replica gets a generous wait (the CI machine can be loaded); only the stalled merge waits the short one out.
        var storage = Storage(replicas: 1, TimeSpan.FromSeconds(15));
        var stallingStorage = Storage(replicas: 1, TimeSpan.FromMilliseconds(500));
        var (guest, user) = ("guest-" + Guid.NewGuid().ToString("N"), "user-" + Guid.NewGuid().ToString("N"));
        await storage.AddItemAsync(guest, Default, new CartItem { Id = "mug", Quantity = 1 });
        await storage.AddItemAsync(user, Default, new CartItem { Id = "tea", Quantity = 1 });

        (await storage.MergeIdentifierAsync(guest, user, Default))!.Items.Select(i => i.Id).Should().Equal("tea", "mug");

        var laterGuest = "guest-" + Guid.NewGuid().ToString("N");
        await storage.AddItemAsync(laterGuest, Default, new CartItem { Id = "mug", Quantity = 2 });
        replica.Pause();
        var stalled = await FluentActions.Awaiting(() => stallingStorage.MergeIdentifierAsync(laterGuest, user, Default))
            .Should().ThrowAsync<CartStorageUnavailableException>();
        stalled.Which.Message.Should().Contain("source cart was kept").And.NotContain(laterGuest).And.NotContain(user);
        (await redis.GetDatabase().KeyExistsAsync(PendingKey(laterGuest))).Should().BeTrue("the source stays (as a pending move) until the target is durable");

        replica.Resume();
        var merged = (await storage.MergeIdentifierAsync(laterGuest, user, Default))!;
        merged.Items.Single(i => i.Id == "mug").Quantity.Should().Be(3, "the retry finishes the move without adding the source twice");
        (await redis.GetDatabase().KeyExistsAsync(PendingKey(laterGuest))).Should().BeFalse();
        (await storage.GetAsync(laterGuest, Default)).Should().BeNull();
    }

    [Fact]
    public async Task Control_without_durability_the_same_stalled_replica_does_not_stop_the_merge()
    {
        var storage = Storage(replicas: 0, TimeSpan.FromMilliseconds(500));
        var (guest, user) = ("guest-" + Guid.NewGuid().ToString("N"), "user-" + Guid.NewGuid().ToString("N"));
        await storage.AddItemAsync(guest, Default, new CartItem { Id = "mug", Quantity = 1 });
        replica.Pause();

        await storage.MergeIdentifierAsync(guest, user, Default);

        (await redis.GetDatabase().KeyExistsAsync(PendingKey(guest))).Should().BeFalse("without Durability the source is removed at once, replicated or not");
    }

    [Fact]
    public void A_negative_replica_count_or_a_zero_timeout_fails_naming_the_key()
    {
        var invalid = () => new RedisStorage(redis, MsOptions.Create(new CartStorageOptions()), MsOptions.Create(new CartRedisOptions { Durability = { Replicas = -1, Timeout = TimeSpan.Zero } }));

        invalid.Should().Throw<ArgumentException>().WithMessage("*Cart:Redis:Durability:Replicas*").WithMessage("*Cart:Redis:Durability:Timeout*");
    }

    private RedisStorage Storage(int replicas, TimeSpan timeout) => new(
        redis,
        MsOptions.Create(new CartStorageOptions { KeyPrefix = "durability" }),
        MsOptions.Create(new CartRedisOptions { Durability = { Replicas = replicas, Timeout = timeout } }));

    /// <summary>The pending-move key of a guest's default cart (docs/redis.md: <c>{prefix}:{{id}}:rm:{instance}</c>).</summary>
    private static RedisKey PendingKey(string guest) => $"durability:{{{guest}}}:rm:{Default}";
}
