using System.Net;
using System.Net.Sockets;
using CartStorage.Testing;
using StackExchange.Redis;
using static CartStorage.Redis.Tests.LockingRedis;

namespace CartStorage.Redis.Tests;

/// <summary>The RedLock provider on its own, against the real redis-server.</summary>
public sealed class RedLockCartLockProviderTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private readonly string resource = NewPrefix() + ":{r}:lock:x";

    [Fact]
    public async Task A_held_resource_times_out_for_a_second_caller_and_is_free_after_release()
    {
        var locks = await LocksAsync();

        var first = await locks.AcquireAsync(resource, Short);
        var e = await FluentActions.Awaiting(() => locks.AcquireAsync(resource, Short)).Should().ThrowAsync<CartLockTimeoutException>();
        e.Which.Message.Should().Contain("Conflicted");
        await first.DisposeAsync();

        await using var second = await locks.AcquireAsync(resource, Short);
        second.IsHeld.Should().BeTrue();
    }

    [Fact]
    public async Task A_held_lock_is_renewed_past_its_lease()
    {
        // Renewal happens every half lease: the other half is the slack for a loaded machine's stalls.
        var locks = await LocksAsync(TimeSpan.FromSeconds(2));
        var redis = (await TestServers.RedisAsync()).GetDatabase();

        await using var held = await locks.AcquireAsync(resource, Short);
        await Task.Delay(TimeSpan.FromSeconds(5)); // two and a half leases

        (await redis.KeyExistsAsync(RedisKey(resource))).Should().BeTrue("RedLock.net renewed the key every half lease");
        await FluentActions.Awaiting(() => locks.AcquireAsync(resource, Short)).Should().ThrowAsync<CartLockTimeoutException>();
    }

    [Fact]
    public async Task Waiting_for_a_lock_stops_on_cancellation()
    {
        var locks = await LocksAsync();
        await using var held = await locks.AcquireAsync(resource, Short);
        using var cts = new CancellationTokenSource(Short);

        await FluentActions.Awaiting(() => locks.AcquireAsync(resource, LongTimeout, cts.Token)).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task Several_masters_need_a_majority()
    {
        // Three databases of the test server stand for three independent masters; a closed port for a master that is down.
        var dead = DeadEndpoint();
        await using var twoOfThree = await ConnectAsync($"{Master(1)};{Master(2)};{dead}");
        await using var oneOfThree = await ConnectAsync($"{Master(3)};{dead};{dead}");

        await using (var held = await twoOfThree.AcquireAsync(resource, LongTimeout))
        {
            held.IsHeld.Should().BeTrue();
            var redis = await TestServers.RedisAsync();
            (await redis.GetDatabase(1).KeyExistsAsync(RedisKey(resource))).Should().BeTrue();
            (await redis.GetDatabase(2).KeyExistsAsync(RedisKey(resource))).Should().BeTrue();
        }

        var e = await FluentActions.Awaiting(() => oneOfThree.AcquireAsync(resource, TimeSpan.FromSeconds(2))).Should().ThrowAsync<CartLockTimeoutException>();
        e.Which.Message.Should().Contain("NoQuorum");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    public async Task A_lease_below_100_ms_is_rejected(int leaseMs)
    {
        var redis = await TestServers.RedisAsync();
        FluentActions.Invoking(() => new RedLockCartLockProvider([redis], new RedisLockingOptions { Lease = TimeSpan.FromMilliseconds(leaseMs) }))
            .Should().Throw<ArgumentException>().WithMessage("*Cart:Redis:Locking:Lease*");
    }

    private static string Master(int database) => $"{TestServers.RedisEndpoint},defaultDatabase={database}";

    private static string DeadEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port},connectTimeout=300,asyncTimeout=300,connectRetry=0";
    }

    private static Task<RedLockCartLockProvider> ConnectAsync(string configuration) =>
        Task.Run(() => RedLockCartLockProvider.Connect(configuration, new RedisLockingOptions(), loggerFactory: null));
}
