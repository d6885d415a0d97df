using System.Text.Json;

namespace CartStorage;

/// <summary>
/// The cart rules every backend shares: how a written cart is stamped, how a merge combines two carts (and their
/// idempotency keys), and when a stored cart is the one a caller expected.
/// </summary>
public abstract partial class CartStorageBase
{
    /// <summary>
    /// The precision the store keeps timestamps at (one tick by default; a database column keeps microseconds):
    /// <see cref="Stamp"/> cuts the current time to it, so the cart a write returns equals the cart read back.
    /// </summary>
    protected virtual TimeSpan TimestampPrecision => TimeSpan.FromTicks(1);

    /// <summary>The time a write made now is stamped with: the clock's time, cut to <see cref="TimestampPrecision"/>.</summary>
    protected DateTimeOffset StampTime()
    {
        var now = TimeProvider.GetUtcNow();
        var precision = TimestampPrecision.Ticks;
        return precision > 1 ? new DateTimeOffset(now.Ticks - (now.Ticks % precision), now.Offset) : now;
    }

    /// <summary>
    /// The snapshot to store when <paramref name="next"/> replaces <paramref name="current"/>: the next version,
    /// the cart's id and creation time (new ones for a new cart) and the current time as update time.
    /// </summary>
    /// <exception cref="CartStorageException"><paramref name="current"/> is at the last version (<see cref="long.MaxValue"/>): the next one cannot be counted.</exception>
    protected CartSnapshot Stamp(CartSnapshot current, CartSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        if (current.Version == long.MaxValue)
        {
            throw new CartStorageException($"The cart's version is at its maximum ({long.MaxValue}) and cannot be incremented; nothing was written. Remove the cart with ForgetAsync.");
        }

        var now = StampTime();
        return next with
        {
            Items = [.. next.Items],
            Conditions = [.. next.Conditions],
            Metadata = next.Metadata is StoredAttributes || next.Metadata.Count == 0
                ? next.Metadata
                : new Dictionary<string, JsonElement>(next.Metadata, StringComparer.Ordinal),
            Version = current.Version + 1,
            Id = current.Version == 0 ? Guid.NewGuid() : current.Id,
            CreatedAt = current.Version == 0 ? now : current.CreatedAt,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// The contents of <paramref name="target"/> after <paramref name="source"/> is merged into it with
    /// <paramref name="strategy"/> (see <see cref="ICartStorage.MergeIdentifierAsync"/>), checked against the limits:
    /// <see cref="CartLimitExceededException"/> before anything is written. Version, id and timestamps are the target's;
    /// the backend stamps the result when it writes it.
    /// </summary>
    protected CartSnapshot Merge(CartSnapshot source, CartSnapshot target, CartMergeStrategy strategy)
    {
        var merged = CartMerge.Combine(source, target, strategy);
        validator.Contents(merged);
        return source.IdempotencyKeys.Count == 0 ? merged : merged with { IdempotencyKeys = Remember(target.IdempotencyKeys, source.IdempotencyKeys) };
    }

    /// <summary>
    /// <paramref name="known"/> followed by the <paramref name="added"/> keys it lacks, keeping the last
    /// <c>Cart:Limits:IdempotencyKeys</c>: the keys a cart remembers after a write with a key, or after absorbing a cart.
    /// </summary>
    private string[] Remember(IReadOnlyList<string> known, IReadOnlyList<string> added)
    {
        var keys = new List<string>(known.Count + added.Count);
        keys.AddRange(known);
        foreach (var key in added)
        {
            if (!keys.Contains(key, StringComparer.Ordinal))
            {
                keys.Add(key);
            }
        }

        var limit = validator.Limits.IdempotencyKeys;
        return keys.Count <= limit ? [.. keys] : [.. keys.Skip(keys.Count - limit)];
    }

    /// <summary>Whether <paramref name="stored"/> is the cart <paramref name="expected"/> names: the same version and, for an existing cart, the same id.</summary>
    protected static bool IsSameCart(CartSnapshot expected, CartSnapshot stored)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(stored);
        return CartETag.Names(expected, stored);
    }

    /// <summary>The <see cref="CartConflictException"/> of a write or remove that expected <paramref name="expected"/> and found <paramref name="actual"/>.</summary>
    protected static CartConflictException Conflict(CartKey key, CartSnapshot expected, CartSnapshot actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        return CartConflictException.Between(key, expected, actual);
    }

    /// <summary>The conflict of a conditional remove whose ETag this library never issued: it names no cart, so nothing is removed.</summary>
    private async Task RefuseForeignETagAsync(CartKey key, string expectedETag, CancellationToken ct)
    {
        var actual = await GetCoreAsync(key, ct).ConfigureAwait(false) ?? CartSnapshot.Empty;
        throw new CartConflictException(key.Identifier, key.Instance, -1, actual.Version, expectedETag, actual.ETag);
    }
}
