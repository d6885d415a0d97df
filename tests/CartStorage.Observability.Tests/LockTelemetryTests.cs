using CartStorage.Testing;

namespace CartStorage.Observability.Tests;

/// <summary>Lock waits and lock timeouts of CacheStorage with RedLock locking, against the real test redis-server.</summary>
public sealed class LockTelemetryTests
{
    private const string Default = ObservedStorage.Default;

    [Fact]
    public async Task Every_lock_acquisition_records_its_wait()
    {
        await using var observed = await ObservedStorage.RedisWithLockingAsync(TimeSpan.FromSeconds(30));

        await observed.Storage.PutItemsAsync("u", Default, [CartData.Item("a")]);

        // The cart's lock, then the instance index's lock for a new cart.
        observed.Telemetry.Measurements("cart.storage.lock.wait.duration").Should().HaveCount(2)
            .And.OnlyContain(m => m.Unit == "s" && m.Value >= 0 && m.Has("cart.storage.backend", "cache") && m.Has("cart.storage.lock.outcome", "acquired"));
        observed.Telemetry.Measurements("cart.storage.lock.timeouts").Should().BeEmpty();
    }

    [Fact]
    public async Task A_lock_held_past_the_timeout_counts_one_lock_timeout_and_a_lock_timeout_operation()
    {
        // 2 s: the free lock is taken well within it even on a loaded machine; the late writer waits it out once.
        await using var observed = await ObservedStorage.RedisWithLockingAsync(TimeSpan.FromSeconds(2));
        var storage = observed.Storage;
        await storage.PutItemsAsync("u", Default, [CartData.Item("a")]);
        observed.Telemetry.Clear();

        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => storage.UpdateAsync("u", Default, cart =>
        {
            holding.Set();
            release.Wait(TimeSpan.FromMinutes(1));
            return cart with { Items = [.. cart.Items, CartData.Item("held")] };
        }));
        try
        {
            holding.Wait(TimeSpan.FromMinutes(1)).Should().BeTrue("the holder takes the cart's lock");
            await storage.Invoking(s => s.PutItemsAsync("u", Default, [CartData.Item("late")])).Should().ThrowAsync<CartLockTimeoutException>();
        }
        finally
        {
            release.Set();
        }

        await holder;
        var telemetry = observed.Telemetry;
        telemetry.Sum("cart.storage.lock.timeouts", ("cart.storage.backend", "cache")).Should().Be(1);
        telemetry.Measurements("cart.storage.lock.wait.duration").Where(m => m.Has("cart.storage.lock.outcome", "timeout")).Should().ContainSingle()
            .Which.Value.Should().BeGreaterThan(0);
        telemetry.Sum("cart.storage.operations", ("cart.storage.backend", "cache"), ("cart.storage.operation", "update"), ("cart.storage.outcome", "lock_timeout")).Should().Be(1);
        telemetry.Sum("cart.storage.operations", ("cart.storage.backend", "cache"), ("cart.storage.operation", "update"), ("cart.storage.outcome", "success")).Should().Be(1);
        telemetry.Spans.Where(s => (string?)s.GetTagItem("cart.storage.outcome") == "lock_timeout").Should().ContainSingle()
            .Which.GetTagItem("error.type").Should().Be(typeof(CartLockTimeoutException).FullName);
    }
}
