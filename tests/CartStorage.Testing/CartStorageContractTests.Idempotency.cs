using FluentAssertions;
using Xunit;

namespace CartStorage.Testing;

/// <summary>
/// Idempotent writes (issue 20): a write made with an idempotency key that the cart has already applied is not applied
/// again, so a client that retries after a timeout ("add to cart" on a phone) adds its item once.
/// </summary>
public abstract partial class CartStorageContractTests
{
    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_stored_cart_without_applying_again()
    {
        var id = CartData.NewIdentifier();

        var first = await Storage.AddItemAsync(id, Default, CartData.Item("mug"), idempotencyKey: "req-1");
        var replay = await Storage.AddItemAsync(id, Default, CartData.Item("mug"), idempotencyKey: "req-1");
        var other = await Storage.AddItemAsync(id, Default, CartData.Item("mug"), idempotencyKey: "req-2");

        replay.Should().BeEquivalentTo(first);
        replay.ETag.Should().Be(first.ETag);
        other.Items.Should().ContainSingle().Which.Quantity.Should().Be(2);
        other.IdempotencyKeys.Should().Equal("req-1", "req-2");
        (await Storage.GetAsync(id, Default))!.Version.Should().Be(2);
    }

    [Fact]
    public async Task Every_item_convenience_and_update_honour_the_idempotency_key()
    {
        var id = CartData.NewIdentifier();
        await Storage.AddItemAsync(id, Default, CartData.Item("a", 5));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await Storage.ChangeQuantityAsync(id, Default, "a", -1, idempotencyKey: "change");
            await Storage.UpdateAsync(id, Default, c => c with { Items = [.. c.Items, CartData.Item("u" + c.Version)] }, idempotencyKey: "update");
            await Storage.RemoveItemAsync(id, Default, "u2", idempotencyKey: "remove");
            await Storage.AddItemAsync(id, Default, CartData.Item("u2"), idempotencyKey: "re-add");
        }

        var cart = (await Storage.GetAsync(id, Default))!;
        cart.Items.Select(i => (i.Id, i.Quantity)).Should().Equal(("a", 4), ("u2", 1));
        cart.Version.Should().Be(5);
    }

    [Fact]
    public async Task A_cart_remembers_the_keys_of_its_last_writes_up_to_the_limit()
    {
        var storage = await CreateWithLimitsAsync(l => l.IdempotencyKeys = 2);
        var id = CartData.NewIdentifier();
        foreach (var key in new[] { "k1", "k2", "k3" })
        {
            await storage.AddItemAsync(id, Default, CartData.Item("a"), idempotencyKey: key);
        }

        await storage.AddItemAsync(id, Default, CartData.Item("a"), idempotencyKey: "k3");
        await storage.AddItemAsync(id, Default, CartData.Item("a"), idempotencyKey: "k2");
        (await storage.GetItemsAsync(id, Default)).Single().Quantity.Should().Be(3, "k2 and k3 are remembered");
        (await storage.GetAsync(id, Default))!.IdempotencyKeys.Should().Equal("k2", "k3");

        await storage.AddItemAsync(id, Default, CartData.Item("a"), idempotencyKey: "k1");
        (await storage.GetItemsAsync(id, Default)).Single().Quantity.Should().Be(4, "k1, the oldest, was forgotten");
    }

    [Fact]
    public async Task Idempotency_keys_survive_a_save_and_a_write_without_a_key()
    {
        var id = CartData.NewIdentifier();
        var added = await Storage.AddItemAsync(id, Default, CartData.Item("a"), idempotencyKey: "k");
        await Storage.SaveAsync(id, Default, added with { IdempotencyKeys = [], Conditions = [] });
        await Storage.AddItemAsync(id, Default, CartData.Item("b"));

        await Storage.AddItemAsync(id, Default, CartData.Item("a"), idempotencyKey: "k");

        (await Storage.GetItemsAsync(id, Default)).Select(i => (i.Id, i.Quantity)).Should().Equal(("a", 1), ("b", 1));
    }

    [Fact]
    public async Task A_retry_into_the_merged_cart_still_applies_once()
    {
        var guest = CartData.NewIdentifier("guest");
        var user = CartData.NewIdentifier();
        await Storage.AddItemAsync(guest, Default, CartData.Item("mug"), idempotencyKey: "phone-add");
        await Storage.AddItemAsync(user, Default, CartData.Item("tea"), idempotencyKey: "laptop-add");

        await Storage.MergeIdentifierAsync(guest, user, Default);
        await Storage.AddItemAsync(user, Default, CartData.Item("mug"), idempotencyKey: "phone-add"); // the phone retries after sign-in
        await Storage.AddItemAsync(user, Default, CartData.Item("tea"), idempotencyKey: "laptop-add");

        (await Storage.GetItemsAsync(user, Default)).Select(i => (i.Id, i.Quantity)).Should().BeEquivalentTo([("tea", 1), ("mug", 1)]);
    }

    [Fact]
    public async Task A_swapped_cart_keeps_its_idempotency_keys()
    {
        var guest = CartData.NewIdentifier("guest");
        var user = CartData.NewIdentifier();
        await Storage.AddItemAsync(guest, Default, CartData.Item("mug"), idempotencyKey: "k");

        await Storage.SwapIdentifierAsync(guest, user, Default);
        await Storage.AddItemAsync(user, Default, CartData.Item("mug"), idempotencyKey: "k");

        (await Storage.GetItemsAsync(user, Default)).Single().Quantity.Should().Be(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a\0b")]
    public async Task A_bad_idempotency_key_is_an_argument_exception_and_writes_nothing(string key)
    {
        var id = CartData.NewIdentifier();

        await FluentActions.Awaiting(() => Storage.AddItemAsync(id, Default, CartData.Item("a"), idempotencyKey: key))
            .Should().ThrowAsync<ArgumentException>().WithParameterName("idempotencyKey");

        (await Storage.HasAsync(id, Default)).Should().BeFalse();
    }

    /// <summary>
    /// Eight retries of one request race each other. The key is checked inside the backend's read-modify-write (under its
    /// lock or version check), so on a backend that is safe across servers the item is added once; a check made before
    /// the protected section would let several through.
    /// </summary>
    [Fact]
    public async Task Concurrent_duplicates_of_one_request_apply_once()
    {
        var id = CartData.NewIdentifier();
        await Storage.AddItemAsync(id, Default, CartData.Item("other"));
        using var start = new SemaphoreSlim(0);
        var duplicates = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.WaitAsync();
            try
            {
                return await Storage.AddItemAsync(id, Default, CartData.Item("mug"), idempotencyKey: "retry");
            }
            catch (CartStorageException)
            {
                return null; // not acknowledged (conflict after the last retry, lock timeout)
            }
        })).ToList();
        start.Release(duplicates.Count);
        var answers = await Task.WhenAll(duplicates);

        answers.Should().Contain(a => a != null);
        if (!Storage.Capabilities.SafeAcrossServers)
        {
            return;
        }

        var cart = (await Storage.GetAsync(id, Default))!;
        cart.Items.Single(i => i.Id == "mug").Quantity.Should().Be(1);
        cart.Version.Should().Be(2);
        answers.Where(a => a is not null).Should().AllSatisfy(a => a!.Items.Single(i => i.Id == "mug").Quantity.Should().Be(1));
    }
}
