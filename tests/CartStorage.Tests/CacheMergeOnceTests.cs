using CartStorage.Testing;
using Microsoft.Extensions.Caching.Distributed;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace CartStorage.Tests;

/// <summary>
/// Issue 20 on the cache with locking: a merge interrupted between two of its cache writes (<see cref="FailingCache"/>)
/// happens exactly once from the source's point of view, whatever happens to the target before the merge is called
/// again (a checkout, another guest merged into it), and the source's reads and writes in between see the move either
/// done or not started, never both (docs/merge.md).
/// </summary>
public sealed class CacheMergeOnceTests
{
    private const string Prefix = "cart";
    private const string Default = "default";

    /// <summary>The merge has four cache writes: failing the fifth fails none.</summary>
    private const int NoFailure = 5;

    private readonly FailingCache cache = new();
    private readonly CacheStorage storage;
    private readonly string guest = CartData.NewIdentifier("guest");
    private readonly string user = CartData.NewIdentifier();

    public CacheMergeOnceTests()
    {
        var options = new CartStorageOptions { KeyPrefix = Prefix };
        options.Cache.UseLocking = true;
        storage = new CacheStorage(cache, MsOptions.Create(options), new InProcessLockProvider());
    }

    /// <summary>The merge's cache writes, 1 to 4 (the source marked as moving, the target, the source's removal, the source's index); 5: no write fails.</summary>
    public static TheoryData<int> Writes => [1, 2, 3, 4, NoFailure];

    /// <summary>Reproduction 1: the retried merge used to find the source and no target, and put the ordered mugs back.</summary>
    [Fact]
    public async Task A_merge_interrupted_before_the_guest_cart_is_removed_then_a_checkout_then_the_retry_resurrects_nothing()
    {
        await storage.AddItemAsync(guest, Default, CartData.Item("mug", 2));
        await storage.AddItemAsync(user, Default, CartData.Item("cup", 1));
        cache.FailRemovalOf(new CacheKeys(Prefix).Cart(new CartKey(guest, Default)));
        await MergeInterruptedAsync();

        var ordered = (await storage.GetAsync(user, Default))!;
        Quantities(ordered).Should().Equal(new Dictionary<string, int> { ["cup"] = 1, ["mug"] = 2 });
        await storage.ForgetAsync(user, Default, ordered.ETag);
        (await storage.MergeIdentifierAsync(guest, user, Default)).Should().BeNull("everything the guest had was ordered with the user's cart");

        (await storage.GetAsync(user, Default)).Should().BeNull();
        (await storage.GetAsync(guest, Default)).Should().BeNull();
    }

    /// <summary>Reproduction 2: the second guest's merge replaced the target's only record of the first, whose retry then added its mugs again (x6).</summary>
    [Fact]
    public async Task A_merge_interrupted_before_the_guest_cart_is_removed_then_another_guest_merged_then_the_retry_adds_nothing_twice()
    {
        var second = CartData.NewIdentifier("guest");
        await storage.AddItemAsync(guest, Default, CartData.Item("mug", 2));
        await storage.AddItemAsync(second, Default, CartData.Item("mug", 2));
        cache.FailRemovalOf(new CacheKeys(Prefix).Cart(new CartKey(guest, Default)));
        await MergeInterruptedAsync();

        await storage.MergeIdentifierAsync(second, user, Default);
        var merged = await storage.MergeIdentifierAsync(guest, user, Default);

        Quantities(merged!).Should().Equal(new Dictionary<string, int> { ["mug"] = 4 });
        (await storage.GetAsync(guest, Default)).Should().BeNull();
        (await storage.GetAsync(second, Default)).Should().BeNull();
    }

    /// <summary>
    /// Between the interruption and the retry, the guest's cart shows exactly what is not in the user's cart (the
    /// mugs are in one of the two views, never both, never neither), its instance is listed exactly when it shows;
    /// then the user checks out and the merge is called again: what was ordered plus what is left is what there was.
    /// </summary>
    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Interrupted_at_any_write_the_guest_items_are_in_exactly_one_cart_and_a_checkout_then_the_retry_keeps_it_so(int write)
    {
        await InterruptAtAsync(write);

        var (guestView, userView) = (await storage.GetAsync(guest, Default), await storage.GetAsync(user, Default));
        (Mugs(guestView) + Mugs(userView)).Should().Be(4, "2 in each cart before the merge, once each");
        (await storage.GetInstancesAsync(guest)).Should().Equal(guestView is null ? [] : [Default]);

        await storage.ForgetAsync(user, Default, userView!.ETag);
        var after = await storage.MergeIdentifierAsync(guest, user, Default);

        (Mugs(userView) + Mugs(after)).Should().Be(4, "ordered plus left in the user's cart");
        (await storage.GetAsync(guest, Default)).Should().BeNull();
    }

    /// <summary>A write to the guest cart between the interruption and the retry: every item is merged once, the write is not lost.</summary>
    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Interrupted_at_any_write_then_the_guest_cart_written_then_the_retry_merges_everything_once(int write)
    {
        await InterruptAtAsync(write);

        await storage.AddItemAsync(guest, Default, CartData.Item("mug", 1));
        await storage.AddItemAsync(guest, Default, CartData.Item("tea", 3));
        var merged = await storage.MergeIdentifierAsync(guest, user, Default);

        Quantities(merged!).Should().Equal(new Dictionary<string, int> { ["mug"] = 5, ["tea"] = 3 });
        (await storage.GetAsync(guest, Default)).Should().BeNull();
        (await storage.GetInstancesAsync(guest)).Should().BeEmpty();
    }

    /// <summary>Removing the guest identifier between the interruption and the retry removes only what was not merged.</summary>
    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Interrupted_at_any_write_then_the_guest_identifier_forgotten_leaves_the_user_cart_as_one_view_showed(int write)
    {
        await InterruptAtAsync(write);
        var userView = await storage.GetAsync(user, Default);

        await storage.ForgetIdentifierAsync(guest);
        await storage.MergeIdentifierAsync(guest, user, Default);

        (await storage.GetAsync(user, Default)).Should().BeEquivalentTo(userView);
        (await storage.GetAsync(guest, Default)).Should().BeNull();
    }

    /// <summary>The stored format before issue 20: a target whose <c>absorbed</c> record names the source at its version (a merge interrupted by an older version of the library) is not merged again.</summary>
    [Fact]
    public async Task A_target_written_with_the_former_absorbed_record_is_not_merged_twice()
    {
        var source = await storage.AddItemAsync(guest, Default, CartData.Item("mug", 2));
        var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var former = $$$"""
            {"format":1,"generation":"0","id":"{{{Guid.NewGuid()}}}","version":3,"createdAt":"{{{now}}}","updatedAt":"{{{now}}}","indexedAt":"{{{now}}}",
             "absorbed":"{{{source.Id:N}}}:{{{source.Version}}}:{\"mug\":2}",
             "items":[{"id":"mug","name":"","price":1,"quantity":4,"attributes":{},"conditions":[]}],"conditions":[],"metadata":{}}
            """;
        await cache.SetStringAsync(new CacheKeys(Prefix).Cart(new CartKey(user, Default)), former);

        var merged = await storage.MergeIdentifierAsync(guest, user, Default);

        Quantities(merged!).Should().Equal(new Dictionary<string, int> { ["mug"] = 4 });
        merged!.Version.Should().Be(3);
        (await storage.GetAsync(guest, Default)).Should().BeNull();
    }

    private static Dictionary<string, int> Quantities(CartSnapshot cart) => cart.Items.ToDictionary(i => i.Id, i => i.Quantity);

    private static int Mugs(CartSnapshot? cart) => cart?.Items.Where(i => i.Id == "mug").Sum(i => i.Quantity) ?? 0;

    /// <summary>Two mugs in each cart, then the merge, failing at its <paramref name="write"/>-th cache write.</summary>
    private async Task InterruptAtAsync(int write)
    {
        await storage.AddItemAsync(guest, Default, CartData.Item("mug", 2));
        await storage.AddItemAsync(user, Default, CartData.Item("mug", 2));
        cache.FailWrite(write);
        if (write < NoFailure)
        {
            await MergeInterruptedAsync();
        }
        else
        {
            await storage.MergeIdentifierAsync(guest, user, Default);
            cache.Failed.Should().BeNull("the merge has four writes");
            cache.FailWrite(0);
        }
    }

    private async Task MergeInterruptedAsync()
    {
        await storage.Invoking(s => s.MergeIdentifierAsync(guest, user, Default)).Should().ThrowAsync<SimulatedCrashException>();
        cache.Failed.Should().NotBeNull();
    }
}
