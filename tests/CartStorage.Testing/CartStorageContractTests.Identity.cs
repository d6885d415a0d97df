using FluentAssertions;
using Xunit;

namespace CartStorage.Testing;

/// <summary>
/// A cart removed and created again is a different cart: its versions restart at 1, but its id and ETag are new, so no
/// write or remove that read the old cart may touch the new one (issue 19).
/// </summary>
public abstract partial class CartStorageContractTests
{
    [Fact]
    public async Task Every_version_of_every_cart_has_its_own_etag_and_the_empty_cart_has_one_too()
    {
        var id = CartData.NewIdentifier();
        var first = await Storage.AddItemAsync(id, Default, CartData.Item("a"));
        var second = await Storage.AddItemAsync(id, Default, CartData.Item("a"));
        await Storage.ForgetAsync(id, Default);
        var again = await Storage.AddItemAsync(id, Default, CartData.Item("a"));

        again.Version.Should().Be(first.Version, "the versions of a new cart restart at 1");
        new[] { first.ETag, second.ETag, again.ETag, CartSnapshot.Empty.ETag }.Should().OnlyHaveUniqueItems();
        (await Storage.GetAsync(id, Default))!.ETag.Should().Be(again.ETag);
        new CartSnapshot().ETag.Should().Be(CartSnapshot.Empty.ETag);
    }

    [Fact]
    public async Task A_stale_save_after_a_checkout_and_a_new_cart_at_the_same_version_conflicts_and_keeps_the_new_cart()
    {
        var id = CartData.NewIdentifier();
        await Storage.AddItemAsync(id, Default, CartData.Item("old"));
        var tab = await Storage.AddItemAsync(id, Default, CartData.Item("old"));     // a tab reads version 2
        await Storage.ForgetAsync(id, Default, tab.ETag);                           // checkout
        await Storage.AddItemAsync(id, Default, CartData.Item("new-1"));
        var fresh = await Storage.AddItemAsync(id, Default, CartData.Item("new-2")); // the new cart reaches version 2

        var conflict = (await FluentActions.Awaiting(() => Storage.SaveAsync(id, Default, tab with { Items = [CartData.Item("stale")] }))
            .Should().ThrowAsync<CartConflictException>()).Which;

        (conflict.ExpectedVersion, conflict.ActualVersion).Should().Be((2L, 2L));
        (conflict.ExpectedETag, conflict.ActualETag).Should().Be((tab.ETag, fresh.ETag));
        (await Storage.GetAsync(id, Default)).Should().BeEquivalentTo(fresh);
    }

    [Fact]
    public async Task A_stale_checkout_after_a_new_cart_at_the_same_version_conflicts_and_keeps_the_new_cart()
    {
        var id = CartData.NewIdentifier();
        var ordered = await Storage.AddItemAsync(id, Default, CartData.Item("ordered"));
        await Storage.ForgetAsync(id, Default);                                     // removed (another checkout, a plain remove)
        var fresh = await Storage.AddItemAsync(id, Default, CartData.Item("new"));  // version 1 again

        var conflict = (await FluentActions.Awaiting(() => Storage.ForgetAsync(id, Default, ordered.ETag))
            .Should().ThrowAsync<CartConflictException>()).Which;

        (conflict.ExpectedVersion, conflict.ActualVersion).Should().Be((1L, 1L));
        conflict.ActualETag.Should().Be(fresh.ETag);
        (await Storage.GetAsync(id, Default)).Should().BeEquivalentTo(fresh);
    }

    [Fact]
    public async Task A_stale_save_after_the_cart_was_merged_away_and_started_again_conflicts()
    {
        var guest = CartData.NewIdentifier();
        var user = CartData.NewIdentifier();
        var tab = await Storage.AddItemAsync(guest, Default, CartData.Item("mug"));
        await Storage.MergeIdentifierAsync(guest, user, Default);
        var fresh = await Storage.AddItemAsync(guest, Default, CartData.Item("tea"));

        await FluentActions.Awaiting(() => Storage.SaveAsync(guest, Default, tab with { Items = [] }))
            .Should().ThrowAsync<CartConflictException>();

        (await Storage.GetAsync(guest, Default)).Should().BeEquivalentTo(fresh);
        (await Storage.GetItemsAsync(user, Default)).Select(i => i.Id).Should().Equal("mug");
    }

    [Fact]
    public async Task A_stale_save_after_the_cart_was_swapped_away_and_started_again_conflicts()
    {
        var guest = CartData.NewIdentifier();
        var user = CartData.NewIdentifier();
        var tab = await Storage.AddItemAsync(guest, Default, CartData.Item("mug"));
        (await Storage.SwapIdentifierAsync(guest, user, Default)).Should().BeTrue();
        var fresh = await Storage.AddItemAsync(guest, Default, CartData.Item("tea"));

        await FluentActions.Awaiting(() => Storage.ForgetAsync(guest, Default, tab.ETag))
            .Should().ThrowAsync<CartConflictException>();
        await FluentActions.Awaiting(() => Storage.SaveAsync(guest, Default, tab with { Items = [] }))
            .Should().ThrowAsync<CartConflictException>();

        (await Storage.GetAsync(guest, Default)).Should().BeEquivalentTo(fresh);
    }

    [Fact]
    public async Task Save_with_the_etag_it_read_succeeds_and_a_new_cart_needs_version_zero()
    {
        var id = CartData.NewIdentifier();
        var created = await Storage.SaveAsync(id, Default, CartSnapshot.Empty with { Items = [CartData.Item("a")] });
        var saved = await Storage.SaveAsync(id, Default, created with { Items = [CartData.Item("b")] });

        saved.Version.Should().Be(2);
        saved.Id.Should().Be(created.Id);
        await FluentActions.Awaiting(() => Storage.SaveAsync(id, Default, CartSnapshot.Empty with { Items = [CartData.Item("c")] }))
            .Should().ThrowAsync<CartConflictException>();
        await FluentActions.Awaiting(() => Storage.SaveAsync(id, Default, saved with { Id = Guid.Empty }))
            .Should().ThrowAsync<CartConflictException>("a snapshot at a version names its cart by its id");
        await FluentActions.Awaiting(() => Storage.SaveAsync(id, Default, saved with { Id = Guid.NewGuid() }))
            .Should().ThrowAsync<CartConflictException>();
        (await Storage.GetItemsAsync(id, Default)).Select(i => i.Id).Should().Equal("b");
    }
}
