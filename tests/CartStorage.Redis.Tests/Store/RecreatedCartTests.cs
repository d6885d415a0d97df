using CartStorage.Testing;

namespace CartStorage.Redis.Tests.Store;

/// <summary>
/// A cart removed (by a merge, a swap or a checkout) and created again starts over at version 1 with a new id: a writer
/// that read the old cart at version 1 must not write over the new one.
/// </summary>
public sealed class RecreatedCartTests
{
    [Fact]
    public async Task A_cart_removed_and_created_again_at_the_version_read_is_not_overwritten_by_the_stale_writer()
    {
        var redis = await TestServers.RedisAsync();
        var prefix = "aba" + Guid.NewGuid().ToString("N")[..8];
        var storage = RedisStores.Create(redis, prefix);
        var other = RedisStores.Create(redis, prefix);
        var id = CartData.NewIdentifier();
        await other.PutItemsAsync(id, RedisStores.Default, [CartData.Item("old") with { Quantity = 5 }]);
        var calls = 0;

        var stored = await storage.UpdateAsync(id, RedisStores.Default, cart =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                other.ForgetAsync(id, RedisStores.Default).GetAwaiter().GetResult();
                other.PutItemsAsync(id, RedisStores.Default, [CartData.Item("new")]).GetAwaiter().GetResult();
            }

            return cart with { Items = [.. cart.Items.Select(i => i with { Quantity = i.Quantity + 1 })] };
        });

        calls.Should().Be(2, "the first write found a different cart at the same version and was retried");
        stored.Items.Should().ContainSingle().Which.Should().Match<CartItem>(i => i.Id == "new" && i.Quantity == 2);
    }
}
