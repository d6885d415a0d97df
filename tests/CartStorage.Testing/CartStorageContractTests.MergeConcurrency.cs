using System.Collections.Concurrent;
using FluentAssertions;
using Xunit;

namespace CartStorage.Testing;

/// <summary>A merge that runs while both carts keep being written: no item may be lost.</summary>
public abstract partial class CartStorageContractTests
{
    private static readonly string[] MergeItems = ["both", "guest-only", "user-only"];

    /// <summary>
    /// While a merge (<see cref="CartMergeStrategy.AddQuantities"/>) runs, writers keep incrementing items in the guest
    /// and the user cart. Afterwards, for every item, quantity in the target + quantity left in the source (a guest cart
    /// written after the merge removed it) = initial guest + initial user + acknowledged increments.
    /// </summary>
    /// <remarks>
    /// Only a backend whose <see cref="CartStorageCapabilities.SafeAcrossServers"/> is true claims this (docs/merge.md):
    /// the session and the unlocked cache are last-writer-wins, so for them the writes run but the sum is not checked.
    /// Without the locks (or the transaction), the merge's removal of the source erases increments that landed after
    /// its read, and the sum comes out short.
    /// </remarks>
    [Fact]
    public async Task Writes_during_a_merge_end_up_in_the_target_or_in_the_source()
    {
        const int writers = 4;
        const int incrementsPerWriter = 15;
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        await Storage.PutItemsAsync(guest, Default, [CartData.Item("both", 2), CartData.Item("guest-only", 3)]);
        await Storage.PutItemsAsync(user, Default, [CartData.Item("both", 5), CartData.Item("user-only", 7)]);
        var initial = new Dictionary<string, long> { ["both"] = 7, ["guest-only"] = 3, ["user-only"] = 7 };
        var acknowledged = new ConcurrentDictionary<string, long>(MergeItems.ToDictionary(i => i, _ => 0L));
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < incrementsPerWriter; i++)
            {
                var (cart, item) = ((w + i) % 2 == 0 ? guest : user, MergeItems[(w + i) % MergeItems.Length]);
                try
                {
                    await Storage.UpdateAsync(cart, Default, c => Increment(c, item));
                    acknowledged.AddOrUpdate(item, 1, (_, n) => n + 1);
                }
                catch (CartStorageException)
                {
                    // Not acknowledged (a conflict after the last retry, a lock that timed out): it must not count.
                }

                firstWrite.TrySetResult();
            }
        })).ToList();
        await firstWrite.Task;
        var merged = await MergeUntilDoneAsync(guest, user);
        await Task.WhenAll(writing);

        merged.Should().BeTrue("the merge itself must eventually succeed");
        var target = (await Storage.GetAsync(user, Default))!;
        var source = await Storage.GetAsync(guest, Default);
        if (!Storage.Capabilities.SafeAcrossServers)
        {
            return;
        }

        foreach (var item in MergeItems)
        {
            var found = target.Items.Where(i => i.Id == item).Sum(i => (long)i.Quantity) + (source?.Items.Where(i => i.Id == item).Sum(i => (long)i.Quantity) ?? 0);
            found.Should().Be(initial[item] + acknowledged[item], $"item {item}: target + source = initial guest + initial user + acknowledged increments");
        }
    }

    private async Task<bool> MergeUntilDoneAsync(string guest, string user)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                await Storage.MergeIdentifierAsync(guest, user, Default);
                return true;
            }
            catch (CartConflictException)
            {
                // The database gave up after its retries under this contention: nothing was written, try again.
            }
        }

        return false;
    }
}
