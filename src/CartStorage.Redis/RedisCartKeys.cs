using System.Text;
using StackExchange.Redis;

namespace CartStorage.Redis;

/// <summary>
/// The Redis keys of <see cref="RedisStorage"/>. Identifier and instance are encoded with <see cref="CartKeyEncoder"/>
/// (injective, never a separator, glob character or brace), and every key of one identifier carries the Redis Cluster
/// hash tag <c>{encoded identifier}</c>, so an identifier's carts, its instance index and its pending moves live in
/// one hash slot and one script can change them together.
/// </summary>
/// <remarks>
/// <c>{prefix}:{{id}}:r:{instance}</c> — a cart (a hash: <c>v</c> version, <c>d</c> document);
/// <c>{prefix}:{{id}}:ri</c> — the identifier's instance index (a hash: instance → encoded instance);
/// <c>{prefix}:{{id}}:rm:{instance}</c> — a cart being moved to another identifier by a swap or merge;
/// <c>{prefix}:{{id}}:rp</c> — the identifier's pending index (a hash: instance → encoded instance of each pending move);
/// <c>{prefix}:{{id}}:ra:{instance}:{marker}</c> — the record that this cart (the target) absorbed the move
/// <c>marker</c>, kept for <c>Cart:Redis:Ttl</c> whatever happens to the cart itself.
/// </remarks>
internal sealed class RedisCartKeys(string prefix)
{
    /// <summary>The SCAN pattern of every key above, and of no other key (the prefix's glob characters escaped).</summary>
    public RedisValue Pattern { get; } = Escape(prefix) + ":{*}:r*";

    public RedisKey Cart(CartKey key) => CartPrefix(key.Identifier) + CartKeyEncoder.Encode(key.Instance);

    public RedisKey Index(string identifier) => Tag(identifier) + ":ri";

    public RedisKey PendingIndex(string identifier) => Tag(identifier) + ":rp";

    public RedisKey Pending(CartKey key) => Tag(key.Identifier) + ":rm:" + CartKeyEncoder.Encode(key.Instance);

    /// <summary>The record that the cart <paramref name="target"/> absorbed the move <paramref name="marker"/> (a key in the target's slot).</summary>
    public RedisKey Absorbed(CartKey target, string marker) => Tag(target.Identifier) + ":ra:" + CartKeyEncoder.Encode(target.Instance) + ":" + marker;

    private string CartPrefix(string identifier) => Tag(identifier) + ":r:";

    private string Tag(string identifier) => $"{prefix}:{{{CartKeyEncoder.Encode(identifier)}}}";

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
