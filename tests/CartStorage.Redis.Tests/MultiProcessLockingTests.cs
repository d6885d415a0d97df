using System.Diagnostics;
using CartStorage.Testing;
using static CartStorage.Redis.Tests.LockingRedis;

namespace CartStorage.Redis.Tests;

/// <summary>
/// Separate OS processes (tests/CartStorage.Worker) writing one cart through the public API, with Redis as the cache
/// and RedLock locking configured the way an application would (environment variables).
/// </summary>
public sealed class MultiProcessLockingTests
{
    private static readonly TimeSpan WorkerBound = TimeSpan.FromMinutes(3);

    /// <summary>The workers' lease: renewed every half lease, the other half is slack for a loaded machine's stalls.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(6);

    private readonly string prefix = NewPrefix();
    private readonly string id = CartData.NewIdentifier();

    [Fact]
    public async Task Five_processes_times_200_increments_of_one_cart_make_exactly_1000()
    {
        var workers = Enumerable.Range(0, 5).Select(_ => Start("increment", "--count", "200")).ToList();

        await WorkerProcess.WaitAllAsync(workers, WorkerBound);

        workers.Sum(w => w.Acknowledged).Should().Be(1000);
        Quantity(await ReadAsync()).Should().Be(1000);
    }

    [Fact]
    public async Task Five_processes_adding_different_items_keep_every_item()
    {
        var workers = Enumerable.Range(0, 5).Select(p => Start("add", "--item", $"p{p}", "--count", "40")).ToList();

        await WorkerProcess.WaitAllAsync(workers, WorkerBound);

        var expected = Enumerable.Range(0, 5).SelectMany(p => Enumerable.Range(1, 40).Select(i => $"p{p}-{i}"));
        (await ReadAsync())!.Items.Select(i => i.Id).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task A_holder_killed_while_holding_the_lock_blocks_the_others_for_at_most_a_lease_and_only_acknowledged_increments_count()
    {
        await using var holder = Start("hold", "--hold-ms", "600000");
        await holder.WaitForLineAsync("holding", WorkerBound);
        var others = Enumerable.Range(0, 4).Select(_ => Start("increment", "--count", "50")).ToList();

        // Two leases: the holder's renewals keep the lock, so none of the others can have written yet.
        await Task.Delay(Lease * 2);
        others.Sum(w => w.Acknowledged).Should().Be(0, "the holder still holds the renewed lock");

        holder.Kill();
        await WorkerProcess.WaitAllAsync(others, WorkerBound);

        holder.Acknowledged.Should().Be(0);
        others.Sum(w => w.Acknowledged).Should().Be(200);
        Quantity(await ReadAsync()).Should().Be(200, "the killed holder's increment was never acknowledged nor written");
    }

    [Fact]
    public async Task A_holder_paused_longer_than_its_lease_does_not_write_over_the_cart_another_server_wrote_meanwhile()
    {
        // The holder waits inside its mutation until a file appears. It is stopped (SIGSTOP) while holding; its lease runs out
        // on the server; another server takes the lock and writes; then the file is created and the holder resumed, so its
        // wait is over at once and its write races RedLock.net's overdue renewal: only the holder's own clock check stops
        // it reliably. Waiting on a file rather than a fixed sleep keeps the test exact however slow the machine is.
        var lease = TimeSpan.FromSeconds(5);
        var release = Path.Combine(Path.GetTempPath(), "cart-release-" + Guid.NewGuid().ToString("N"));
        await using var holder = Start(lease, "hold", "--until-file", release);
        await holder.WaitForLineAsync("holding", WorkerBound);
        Signal("STOP", holder);
        try
        {
            var other = await StorageAsync(prefix, await LocksAsync());
            await other.UpdateAsync(id, Default, c => c with { Items = [.. c.Items, CartData.Item("other")] });
            await File.WriteAllTextAsync(release, "go");
        }
        finally
        {
            Signal("CONT", holder);
        }

        await holder.WaitForExitAsync(WorkerBound);

        holder.ExitCode.Should().Be(1, "the resumed holder must refuse to write: " + holder.Errors);
        holder.Errors.Should().Contain(nameof(CartLockTimeoutException));
        (await ReadAsync())!.Items.Select(i => i.Id).Should().Equal("other");
        File.Delete(release);
    }

    private WorkerProcess Start(string command, params string[] arguments) => Start(Lease, command, arguments);

    private WorkerProcess Start(TimeSpan lease, string command, params string[] arguments) =>
        WorkerProcess.Start(
            [command, "--identifier", id, .. arguments],
            new Dictionary<string, string>
            {
                ["WORKER_REDIS_CACHE"] = TestServers.RedisEndpoint,
                ["Cart__KeyPrefix"] = prefix,
                ["Cart__Redis__Configuration"] = TestServers.RedisEndpoint,
                ["CART_CACHE_LOCKING"] = "true",
                ["CART_LOCK_TIMEOUT"] = LongTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["WORKER_LOCK_LEASE_MS"] = lease.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

    private async Task<CartSnapshot?> ReadAsync() => await (await StorageAsync(prefix, locks: null)).GetAsync(id, Default);

    private static void Signal(string signal, WorkerProcess worker)
    {
        using var kill = Process.Start("kill", ["-" + signal, worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        kill.ExitCode.Should().Be(0, $"kill -{signal} {worker.Id}");
    }
}
