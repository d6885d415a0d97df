using CartStorage.Testing;
using static CartStorage.Redis.Tests.LockingRedis;

namespace CartStorage.Redis.Tests;

/// <summary>
/// A merge on the locked Redis cache whose process dies between two of its steps (tests/CartStorage.Worker
/// <c>merge --crash-before-write K</c>: the process exits right before its K-th cache write, holding both locks), then
/// the merge called again: the carts end exactly as after one uninterrupted merge, no quantity added twice.
/// </summary>
public sealed class MergeCrashTests
{
    private static readonly TimeSpan WorkerBound = TimeSpan.FromMinutes(3);
    /// <summary>
    /// The worker's lease. It must outlast the worker's start and its merge up to the crash on a loaded 2-core machine (a
    /// 2 s lease ran out before the fourth write there, and a 5 s one twice at load average 19-49, and the worker stopped
    /// with "lock lost"); each case waits it out once.
    /// </summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(12);

    private readonly string prefix = NewPrefix();

    /// <summary>The merge's writes on an existing target: 1 the source marked as moving, 2 the merged target, 3 the source's removal, 4 the source's instance index.</summary>
    [Theory]
    [InlineData(1, "set", false)]
    [InlineData(2, "set", false)]
    [InlineData(3, "remove", true)]
    [InlineData(4, "set", true)]
    public async Task A_merge_killed_before_any_of_its_writes_and_called_again_equals_one_uninterrupted_merge(int crashBefore, string write, bool targetWritten)
    {
        var storage = await StorageAsync(prefix, await LocksAsync());
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        var (referenceGuest, referenceUser) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        await MergeOutcome.SeedAsync(storage, guest, user);
        await MergeOutcome.SeedAsync(storage, referenceGuest, referenceUser);
        var before = (await storage.GetAsync(user, Default))!.Version;
        await storage.MergeIdentifierAsync(referenceGuest, referenceUser, Default);
        var uninterrupted = await MergeOutcome.ReadAsync(storage, referenceGuest, referenceUser);

        await using (var worker = StartMerge(guest, user, crashBefore))
        {
            await worker.WaitForExitAsync(WorkerBound);
            worker.ExitCode.Should().Be(42, worker.Errors);
            worker.Lines.Should().Contain(l => l.StartsWith($"crashing before write {crashBefore} ({write} ", StringComparison.Ordinal));
        }

        (await storage.GetVersionAsync(user, Default)).Should().Be(targetWritten ? before + 1 : before);
        (await storage.HasAsync(guest, Default)).Should().Be(!targetWritten, "the guest cart reads as moved exactly when the target holds it");

        // Waits for the dead worker's locks to expire (one lease), then finishes the merge.
        await storage.MergeIdentifierAsync(guest, user, Default);
        var repeated = await MergeOutcome.ReadAsync(storage, guest, user);

        repeated.Should().Be(uninterrupted);
        repeated.Items.Should().Contain("a 'User A' 9.50 x5", "2 + 3, added once");
        repeated.SourceExists.Should().BeFalse();
        await storage.MergeIdentifierAsync(guest, user, Default);
        (await MergeOutcome.ReadAsync(storage, guest, user)).Should().Be(uninterrupted, "a third call finds no source and changes nothing");
    }

    /// <summary>
    /// The dead worker's lease runs out, the guest writes the guest cart again (one more "a", a new "d"), then the merge
    /// is called again: the result equals one uninterrupted merge of the guest cart with those writes: the first
    /// attempt's quantities are not added twice and the later writes are not missed.
    /// </summary>
    [Fact]
    public async Task A_source_written_after_the_crash_is_merged_without_adding_the_absorbed_quantities_twice()
    {
        var storage = await StorageAsync(prefix, await LocksAsync());
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        var (referenceGuest, referenceUser) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        await MergeOutcome.SeedAsync(storage, guest, user);
        await MergeOutcome.SeedAsync(storage, referenceGuest, referenceUser);
        await WriteAfterCrashAsync(storage, referenceGuest);
        await storage.MergeIdentifierAsync(referenceGuest, referenceUser, Default);
        var uninterrupted = await MergeOutcome.ReadAsync(storage, referenceGuest, referenceUser);

        await using (var worker = StartMerge(guest, user, crashBefore: 3))
        {
            await worker.WaitForExitAsync(WorkerBound);
            worker.ExitCode.Should().Be(42, worker.Errors);
        }

        await WriteAfterCrashAsync(storage, guest);
        await storage.MergeIdentifierAsync(guest, user, Default);
        var repeated = await MergeOutcome.ReadAsync(storage, guest, user);

        repeated.Should().Be(uninterrupted with { Version = uninterrupted.Version + 1 }, "the same carts; the target was written twice");
        repeated.Items.Should().Contain("a 'User A' 9.50 x6", "2 + 3 once, then the 1 added after the crash");
    }

    private static async Task WriteAfterCrashAsync(ICartStorage storage, string guest)
    {
        await storage.AddItemAsync(guest, Default, CartData.Item("a", 1));
        await storage.AddItemAsync(guest, Default, CartData.Item("d", 2));
    }

    private WorkerProcess StartMerge(string from, string to, int crashBefore) =>
        WorkerProcess.Start(
            ["merge", "--identifier", to, "--from", from, "--crash-before-write", crashBefore.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string>
            {
                ["WORKER_REDIS_CACHE"] = TestServers.RedisEndpoint,
                ["Cart__KeyPrefix"] = prefix,
                ["Cart__Redis__Configuration"] = TestServers.RedisEndpoint,
                ["CART_CACHE_LOCKING"] = "true",
                ["WORKER_LOCK_LEASE_MS"] = Lease.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
}
