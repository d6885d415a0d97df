using System.Text;

namespace CartStorage.Database;

/// <summary>
/// Item changes in one statement (<see cref="CartSqlDialect.ItemChange"/>): <c>AddItemAsync</c>,
/// <c>ChangeQuantityAsync</c> and <c>RemoveItemAsync</c> without reading the cart first, so they never conflict.
/// </summary>
public sealed partial class DatabaseStorage
{
    /// <inheritdoc />
    /// <remarks>
    /// With a dialect that has an item-change statement, one statement applies the change to the latest row: no read
    /// beforehand, no version to conflict on, no retry. The statement enforces <c>MaxItems</c>, <c>MaxItemQuantity</c>,
    /// <c>MaxDataSizeBytes</c> and the idempotency key, and stamps the cart as <see cref="CartStorageBase.Stamp"/> does.
    /// When it writes nothing (the key was applied already, the change changes nothing, a limit would be exceeded, or
    /// PostgreSQL cannot prove the size is within the limit) the change runs as an update, which applies the full rules
    /// and throws the same exceptions as before. An added item that breaks an item rule on its own
    /// (<c>MaxStringLength</c>, <c>MaxItemQuantity</c>, text rules), or a new cart that would be too large, goes the same
    /// way without the statement.
    /// </remarks>
    protected override async Task<CartSnapshot> ApplyItemChangeCoreAsync(CartKey key, CartItemChange change, string? idempotencyKey, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var arguments = table.HasItemChange ? ItemChangeArguments(change, idempotencyKey) : null;
        var applied = arguments is null ? null : await GuardAsync(key.Identifier, key.Instance, progress => TryApplyItemChangeAsync(key, arguments, progress, ct)).ConfigureAwait(false);
        return applied ?? await UpdateCoreAsync(key, mutate, ct).ConfigureAwait(false);
    }

    /// <summary>The statement; <see langword="null"/> when it wrote nothing and the change must run as an update.</summary>
    private async Task<CartSnapshot?> TryApplyItemChangeAsync(CartKey key, CartItemChangeArguments arguments, CartWriteProgress progress, CancellationToken ct)
    {
        try
        {
            return await table.ApplyItemChangeAsync(key, arguments, progress, ct).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException e) when (!dialect.IsUnavailable(e))
        {
            // A stored cart the statement's JSON functions cannot read (not an array, malformed text): the statement
            // failed and wrote nothing; the update reads the cart and reports it as CartDataCorruptedException.
            return null;
        }
    }

    /// <summary>
    /// The statement's values, or <see langword="null"/> when the change must run as an update: an added item that
    /// breaks a rule on its own (the update then throws the exact exception, or accepts it when the cart already has
    /// an item with its id, whose quantity alone changes), or a cart this add would create beyond <c>MaxDataSizeBytes</c>.
    /// </summary>
    private CartItemChangeArguments? ItemChangeArguments(CartItemChange change, string? idempotencyKey)
    {
        var items = "[]";
        if (change.Item is { } item)
        {
            try
            {
                CheckContents(new CartSnapshot { Items = [item] });
            }
            catch (ArgumentException)
            {
                return null;
            }
            catch (CartLimitExceededException)
            {
                return null;
            }

            items = CartJson.SerializeItems([item]);
        }

        var keyJson = idempotencyKey is null ? null : CartJson.SerializeIdempotencyKeys([idempotencyKey])[1..^1];
        var newKeys = idempotencyKey is null ? "[]" : $"[{keyJson}]";
        var newCartBytes = Encoding.UTF8.GetByteCount(items) + "[]".Length + "{}".Length + Encoding.UTF8.GetByteCount(newKeys);
        if (change.Kind == CartItemChangeKind.Add && newCartBytes > Limits.MaxDataSizeBytes)
        {
            return null;
        }

        return new CartItemChangeArguments(change, items, idempotencyKey, keyJson, newKeys, Guid.NewGuid(), StampTime(), Limits);
    }
}
