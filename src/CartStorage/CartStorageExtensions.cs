using System.Text.Json;

namespace CartStorage;

/// <summary>
/// The conveniences of <see cref="ICartStorage"/>, built on <see cref="ICartStorage.GetAsync"/> and
/// <see cref="ICartStorage.UpdateAsync"/>: every write goes through the backend's lock or version check, and works on
/// any implementation of the interface (a decorator, or a fake in an application's tests).
/// </summary>
public static class CartStorageExtensions
{
    /// <summary>Whether the cart exists.</summary>
    public static async Task<bool> HasAsync(this ICartStorage storage, string identifier, string instance, CancellationToken ct = default) =>
        await Get(storage, identifier, instance, ct).ConfigureAwait(false) is not null;

    /// <summary>The cart's items; empty when the cart does not exist.</summary>
    public static async Task<IReadOnlyList<CartItem>> GetItemsAsync(this ICartStorage storage, string identifier, string instance, CancellationToken ct = default) =>
        (await Get(storage, identifier, instance, ct).ConfigureAwait(false))?.Items ?? [];

    /// <summary>The cart's conditions; empty when the cart does not exist.</summary>
    public static async Task<IReadOnlyList<CartCondition>> GetConditionsAsync(this ICartStorage storage, string identifier, string instance, CancellationToken ct = default) =>
        (await Get(storage, identifier, instance, ct).ConfigureAwait(false))?.Conditions ?? [];

    /// <summary>Replaces the cart's items, keeping its conditions and metadata. Creates the cart if needed.</summary>
    public static Task PutItemsAsync(this ICartStorage storage, string identifier, string instance, IEnumerable<CartItem> items, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var list = Materialize(items, nameof(items));
        return storage.UpdateAsync(identifier, instance, cart => cart with { Items = list }, ct);
    }

    /// <summary>Replaces the cart's conditions, keeping its items and metadata. Creates the cart if needed.</summary>
    public static Task PutConditionsAsync(this ICartStorage storage, string identifier, string instance, IEnumerable<CartCondition> conditions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var list = Materialize(conditions, nameof(conditions));
        return storage.UpdateAsync(identifier, instance, cart => cart with { Conditions = list }, ct);
    }

    /// <summary>Replaces items and conditions in one write: a reader sees both old or both new, never a mix.</summary>
    public static Task PutBothAsync(this ICartStorage storage, string identifier, string instance, IEnumerable<CartItem> items, IEnumerable<CartCondition> conditions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var itemList = Materialize(items, nameof(items));
        var conditionList = Materialize(conditions, nameof(conditions));
        return storage.UpdateAsync(identifier, instance, cart => cart with { Items = itemList, Conditions = conditionList }, ct);
    }

    /// <summary>Sets one metadata value, keeping the other keys.</summary>
    public static Task PutMetadataAsync(this ICartStorage storage, string identifier, string instance, string key, JsonElement value, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        CartValidator.PlainText(key, nameof(key));
        CartValidator.JsonValue(value, nameof(value));
        var copy = value.Clone();
        return storage.UpdateAsync(identifier, instance, cart => cart with { Metadata = With(cart.Metadata, [new(key, copy)]) }, ct);
    }

    /// <summary>One metadata value, or <see langword="null"/> when the key or the cart does not exist.</summary>
    public static async Task<JsonElement?> GetMetadataAsync(this ICartStorage storage, string identifier, string instance, string key, CancellationToken ct = default)
    {
        CartValidator.PlainText(key, nameof(key));
        var cart = await Get(storage, identifier, instance, ct).ConfigureAwait(false);
        return cart is not null && cart.Metadata.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>Sets several metadata values in one write, keeping the other keys.</summary>
    public static Task PutMetadataBatchAsync(this ICartStorage storage, string identifier, string instance, IReadOnlyDictionary<string, JsonElement> values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(values);
        var copies = new List<KeyValuePair<string, JsonElement>>(values.Count);
        foreach (var (key, value) in values)
        {
            CartValidator.PlainText(key, "values key");
            CartValidator.JsonValue(value, $"values['{key}']");
            copies.Add(new(key, value.Clone()));
        }

        return storage.UpdateAsync(identifier, instance, cart => cart with { Metadata = With(cart.Metadata, copies) }, ct);
    }

    /// <summary>All metadata of the cart; empty when the cart does not exist.</summary>
    public static async Task<IReadOnlyDictionary<string, JsonElement>> GetAllMetadataAsync(this ICartStorage storage, string identifier, string instance, CancellationToken ct = default) =>
        (await Get(storage, identifier, instance, ct).ConfigureAwait(false))?.Metadata ?? CartDefaults.EmptyAttributes;

    /// <summary>Removes all metadata, keeping items and conditions. Writes nothing when the cart has none or does not exist.</summary>
    public static Task ClearMetadataAsync(this ICartStorage storage, string identifier, string instance, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.UpdateAsync(identifier, instance, static cart => cart.Metadata.Count == 0 ? cart : cart with { Metadata = CartDefaults.EmptyAttributes }, ct);
    }

    /// <summary>The cart's version; 0 when it does not exist.</summary>
    public static async Task<long> GetVersionAsync(this ICartStorage storage, string identifier, string instance, CancellationToken ct = default) =>
        (await Get(storage, identifier, instance, ct).ConfigureAwait(false))?.Version ?? 0;

    /// <summary>The cart's stable id, or <see langword="null"/> when it does not exist.</summary>
    public static async Task<Guid?> GetIdAsync(this ICartStorage storage, string identifier, string instance, CancellationToken ct = default) =>
        (await Get(storage, identifier, instance, ct).ConfigureAwait(false))?.Id;

    /// <summary>When the cart was created, or <see langword="null"/> when it does not exist.</summary>
    public static async Task<DateTimeOffset?> GetCreatedAtAsync(this ICartStorage storage, string identifier, string instance, CancellationToken ct = default) =>
        (await Get(storage, identifier, instance, ct).ConfigureAwait(false))?.CreatedAt;

    /// <summary>When the cart was last written, or <see langword="null"/> when it does not exist.</summary>
    public static async Task<DateTimeOffset?> GetUpdatedAtAsync(this ICartStorage storage, string identifier, string instance, CancellationToken ct = default) =>
        (await Get(storage, identifier, instance, ct).ConfigureAwait(false))?.UpdatedAt;

    /// <summary>
    /// Adds <paramref name="item"/> to the cart, or adds its quantity to the item with the same <see cref="CartItem.Id"/>
    /// (whose other fields stay). Creates the cart if needed. An item needs only <c>Id</c> and <c>Quantity</c>.
    /// </summary>
    /// <param name="storage">The storage.</param>
    /// <param name="identifier">The cart owner.</param>
    /// <param name="instance">The cart instance.</param>
    /// <param name="item">The item to add.</param>
    /// <param name="ct">Cancels the operation.</param>
    /// <param name="idempotencyKey">Optional, by name: a retry with the same key is not added again (see <see cref="ICartStorage.UpdateAsync"/>).</param>
    /// <returns>The stored cart.</returns>
    public static Task<CartSnapshot> AddItemAsync(this ICartStorage storage, string identifier, string instance, CartItem item, CancellationToken ct = default, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(item);
        CartValidator.PlainText(item.Id, "item.Id");
        if (item.Quantity < 1)
        {
            throw new ArgumentException($"item.Quantity {item.Quantity} must be at least 1.", nameof(item));
        }

        return Apply(storage, identifier, instance, CartItemChange.Add(item), ct, idempotencyKey);
    }

    /// <summary>
    /// Adds <paramref name="delta"/> (negative allowed) to the quantity of the item <paramref name="itemId"/>; the item is
    /// removed at zero or below. An unknown id with a negative or zero delta changes nothing; with a positive delta it is
    /// an error (<see cref="ArgumentException"/>: use <see cref="AddItemAsync"/> to add a new item).
    /// </summary>
    /// <param name="storage">The storage.</param>
    /// <param name="identifier">The cart owner.</param>
    /// <param name="instance">The cart instance.</param>
    /// <param name="itemId">The item's id.</param>
    /// <param name="delta">The quantity to add (negative to take away).</param>
    /// <param name="ct">Cancels the operation.</param>
    /// <param name="idempotencyKey">Optional, by name: a retry with the same key is not applied again (see <see cref="ICartStorage.UpdateAsync"/>).</param>
    /// <returns>The stored cart (unchanged when nothing changed; <see cref="CartSnapshot.Empty"/> for a missing cart).</returns>
    public static Task<CartSnapshot> ChangeQuantityAsync(this ICartStorage storage, string identifier, string instance, string itemId, int delta, CancellationToken ct = default, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        CartValidator.PlainText(itemId, nameof(itemId));
        return Apply(storage, identifier, instance, CartItemChange.ChangeQuantity(itemId, delta), ct, idempotencyKey);
    }

    /// <summary>Removes the item <paramref name="itemId"/>; an unknown id changes nothing.</summary>
    /// <param name="storage">The storage.</param>
    /// <param name="identifier">The cart owner.</param>
    /// <param name="instance">The cart instance.</param>
    /// <param name="itemId">The item's id.</param>
    /// <param name="ct">Cancels the operation.</param>
    /// <param name="idempotencyKey">Optional, by name: a retry with the same key is not applied again (see <see cref="ICartStorage.UpdateAsync"/>).</param>
    /// <returns>The stored cart (unchanged when nothing changed; <see cref="CartSnapshot.Empty"/> for a missing cart).</returns>
    public static Task<CartSnapshot> RemoveItemAsync(this ICartStorage storage, string identifier, string instance, string itemId, CancellationToken ct = default, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        CartValidator.PlainText(itemId, nameof(itemId));
        return Apply(storage, identifier, instance, CartItemChange.Remove(itemId), ct, idempotencyKey);
    }

    /// <summary>One item change: through the backend's own path when it is a <see cref="CartStorageBase"/>, else as an update.</summary>
    private static Task<CartSnapshot> Apply(ICartStorage storage, string identifier, string instance, CartItemChange change, CancellationToken ct, string? idempotencyKey) =>
        storage is CartStorageBase backend
            ? backend.ApplyItemChangeAsync(identifier, instance, change, ct, idempotencyKey)
            : storage.UpdateAsync(identifier, instance, change.ApplyTo, ct, idempotencyKey);

    private static Task<CartSnapshot?> Get(ICartStorage storage, string identifier, string instance, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.GetAsync(identifier, instance, ct);
    }

    private static T[] Materialize<T>(IEnumerable<T> values, string paramName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        return [.. values];
    }

    private static Dictionary<string, JsonElement> With(IReadOnlyDictionary<string, JsonElement> metadata, IEnumerable<KeyValuePair<string, JsonElement>> values)
    {
        var copy = new Dictionary<string, JsonElement>(metadata, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            copy[key] = value;
        }

        return copy;
    }
}
