using System.Diagnostics.Metrics;

namespace CartStorage;

/// <summary>
/// The shared half of every backend: argument and limit checks and telemetry. A backend implements the
/// <c>*CoreAsync</c> members; it receives keys and snapshots that are already validated. The conveniences
/// (<see cref="CartStorageExtensions"/>) are built on <see cref="ICartStorage.GetAsync"/> and
/// <see cref="ICartStorage.UpdateAsync"/>, so they run under the same lock or version check.
/// </summary>
/// <remarks>
/// Every public method is one observed operation (metrics of the <c>CartStorage</c> meter and a span of the
/// <c>CartStorage</c> activity source, see docs/observability.md), recorded here for every backend.
/// </remarks>
public abstract partial class CartStorageBase : ICartStorage
{
    /// <summary>The cart read by the default <see cref="ProbeCoreAsync"/>.</summary>
    private static readonly CartKey ProbeKey = new("health-check", "probe");

    private readonly CartValidator validator;

    /// <summary>Creates the base with the limits to enforce, the clock that stamps writes and the meter factory of the telemetry.</summary>
    /// <param name="limits">The limits to enforce.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>CartStorage</c> meter; a process-wide meter when <see langword="null"/>.</param>
    protected CartStorageBase(CartLimitsOptions limits, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        validator = new CartValidator(limits);
        TimeProvider = timeProvider ?? TimeProvider.System;
        Telemetry = CartStorageTelemetry.Create(meterFactory);
    }

    /// <summary>The limits this storage enforces (<c>Cart:Limits</c>).</summary>
    protected CartLimitsOptions Limits => validator.Limits;

    /// <summary>The clock that stamps <see cref="CartSnapshot.CreatedAt"/> and <see cref="CartSnapshot.UpdatedAt"/>.</summary>
    protected TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public abstract CartStorageCapabilities Capabilities { get; }

    /// <summary>What the storage keeps its carts in, for the startup log line: never a secret such as a password.</summary>
    protected internal string Store { get; protected set; } = string.Empty;

    /// <summary>The instruments backends record their own events on (conflicts, retries, lock waits, payload sizes).</summary>
    private protected CartStorageTelemetry Telemetry { get; }

    /// <summary>
    /// Records the size of a serialized cart about to be written in the payload-size metric (<see cref="SerializeCart"/>
    /// and <see cref="CheckPayloadSize"/> record it already).
    /// </summary>
    /// <param name="bytes">The size.</param>
    protected void RecordPayloadSize(long bytes) => Telemetry.RecordPayloadSize(Capabilities.Backend, bytes);

    /// <inheritdoc />
    public Task ForgetAsync(string identifier, string instance, CancellationToken ct = default) =>
        Observe(CartOperation.Forget, instance, (Key: Key(identifier, instance), ct), static (self, s) => self.ForgetCoreAsync(s.Key, null, s.ct));

    /// <inheritdoc />
    public Task ForgetAsync(string identifier, string instance, string expectedETag, CancellationToken ct = default)
    {
        var key = Key(identifier, instance);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedETag);
        return Observe(CartOperation.Forget, instance, (key, expectedETag, ct), static (self, s) => CartETag.Parse(s.expectedETag) is { } expected
            ? self.ForgetCoreAsync(s.key, expected, s.ct)
            : self.RefuseForeignETagAsync(s.key, s.expectedETag, s.ct));
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken ct = default) =>
        Observe(CartOperation.Flush, null, ct, static (self, ct) => self.FlushCoreAsync(ct));

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default)
    {
        validator.Text(identifier, nameof(identifier));
        return Observe(CartOperation.GetInstances, null, (identifier, ct), static (self, s) => self.GetInstancesCoreAsync(s.identifier, s.ct));
    }

    /// <inheritdoc />
    public Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default)
    {
        validator.Text(identifier, nameof(identifier));
        return Observe(CartOperation.ForgetIdentifier, null, (identifier, ct), static (self, s) => self.ForgetIdentifierCoreAsync(s.identifier, s.ct));
    }

    /// <inheritdoc />
    public Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default)
    {
        var from = Key(oldIdentifier, instance);
        var to = Key(newIdentifier, instance);
        return Observe(CartOperation.Swap, instance, (from, to, ct), static (self, s) => s.from == s.to ? self.ExistsAsync(s.from, s.ct) : self.SwapCoreAsync(s.from, s.to, s.ct));
    }

    /// <inheritdoc />
    public Task<CartSnapshot?> MergeIdentifierAsync(string fromIdentifier, string toIdentifier, string instance, CartMergeStrategy strategy = CartMergeStrategy.AddQuantities, CancellationToken ct = default)
    {
        var from = Key(fromIdentifier, instance);
        var to = Key(toIdentifier, instance);
        if (!Enum.IsDefined(strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Not a CartMergeStrategy.");
        }

        return Observe(CartOperation.Merge, instance, (from, to, strategy, ct), static (self, s) => s.from == s.to ? self.GetCoreAsync(s.to, s.ct) : self.MergeCoreAsync(s.from, s.to, s.strategy, s.ct));
    }

    /// <inheritdoc />
    public Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default) =>
        Observe(CartOperation.Get, instance, (Key: Key(identifier, instance), ct), static (self, s) => self.GetCoreAsync(s.Key, s.ct));

    /// <inheritdoc />
    public Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default, string? idempotencyKey = null)
    {
        var key = Key(identifier, instance);
        ArgumentNullException.ThrowIfNull(mutate);
        var validated = Validated(mutate, idempotencyKey);
        return Observe(CartOperation.Update, instance, (key, validated, ct), static (self, s) => self.UpdateCoreAsync(s.key, s.validated, s.ct));
    }

    /// <summary>The item conveniences' way in: <see cref="ApplyItemChangeCoreAsync"/>, observed as an update.</summary>
    internal Task<CartSnapshot> ApplyItemChangeAsync(string identifier, string instance, CartItemChange change, CancellationToken ct, string? idempotencyKey)
    {
        var key = Key(identifier, instance);
        var validated = Validated(change.ApplyTo, idempotencyKey);
        return Observe(CartOperation.Update, instance, (key, change, idempotencyKey, validated, ct), static (self, s) => self.ApplyItemChangeCoreAsync(s.key, s.change, s.idempotencyKey, s.validated, s.ct));
    }

    /// <summary>
    /// <paramref name="mutate"/> wrapped in the update rules: a key already applied returns the stored cart, a
    /// <see langword="null"/> result is an error, a changed cart is checked against the limits and remembers the key.
    /// </summary>
    private Func<CartSnapshot, CartSnapshot> Validated(Func<CartSnapshot, CartSnapshot> mutate, string? idempotencyKey)
    {
        if (idempotencyKey is not null)
        {
            validator.Text(idempotencyKey, nameof(idempotencyKey));
        }

        return current =>
        {
            if (idempotencyKey is not null && current.IdempotencyKeys.Contains(idempotencyKey, StringComparer.Ordinal))
            {
                return current; // applied already: write nothing, return the stored cart
            }

            var next = mutate(current) ?? throw new InvalidOperationException("The mutate function of UpdateAsync returned null; return the cart to store.");
            if (ReferenceEquals(next, current))
            {
                return next;
            }

            // Items of current were checked when read (or are the empty cart's none): unchanged ones only against the limits.
            validator.Contents(next, checkedItems: current);
            var keys = idempotencyKey is null ? current.IdempotencyKeys : Remember(current.IdempotencyKeys, [idempotencyKey]);
            return ReferenceEquals(next.IdempotencyKeys, keys) ? next : next with { IdempotencyKeys = keys };
        };
    }

    /// <inheritdoc />
    public Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default)
    {
        var key = Key(identifier, instance);
        validator.Contents(snapshot);
        if (snapshot.Version < 0)
        {
            throw new ArgumentException($"snapshot.Version {snapshot.Version} is negative; use 0 for a cart that must not exist yet.", nameof(snapshot));
        }

        return Observe(CartOperation.Save, instance, (key, snapshot, ct), static (self, s) => self.SaveCoreAsync(s.key, s.snapshot, s.ct));
    }

    /// <summary>
    /// Checks that the store answers, for health checks (<c>AddHealthChecks().AddCartStorage()</c>); not an observed
    /// operation. Throws when the store cannot be reached.
    /// </summary>
    public Task ProbeAsync(CancellationToken ct = default) => ProbeCoreAsync(ct);

    /// <summary>Reads the whole cart, or <see langword="null"/> when it does not exist.</summary>
    protected abstract Task<CartSnapshot?> GetCoreAsync(CartKey key, CancellationToken ct);

    /// <summary>
    /// Writes the validated <paramref name="snapshot"/> if the stored cart is the one it names (the same
    /// <see cref="CartSnapshot.Id"/> and <see cref="CartSnapshot.Version"/>; version 0: no cart), else throws
    /// <see cref="CartConflictException"/>. By default one <see cref="UpdateCoreAsync"/> whose mutation makes that
    /// comparison, so the check runs under the backend's lock or version check: a write that slips in between the read
    /// and the write makes the backend read again, and the comparison then fails.
    /// </summary>
    protected virtual Task<CartSnapshot> SaveCoreAsync(CartKey key, CartSnapshot snapshot, CancellationToken ct) =>
        UpdateCoreAsync(
            key,
            current => CartETag.Names(snapshot, current)
                ? snapshot with { IdempotencyKeys = current.IdempotencyKeys } // a copy, so saving CartSnapshot.Empty itself still writes
                : throw Conflict(key, snapshot, current),
            ct);

    /// <summary>
    /// Applies one item change (<see cref="CartStorageExtensions.AddItemAsync"/>,
    /// <see cref="CartStorageExtensions.ChangeQuantityAsync"/>, <see cref="CartStorageExtensions.RemoveItemAsync"/>). By
    /// default <see cref="UpdateCoreAsync"/> with <paramref name="mutate"/>: the change applied, checked against the
    /// limits, the key remembered. A backend that applies the change in its store in one step overrides it, and then
    /// enforces the same rules itself: <see cref="Limits"/>, the <paramref name="idempotencyKey"/> (a key the cart
    /// remembers returns the stored cart), the stamp of <see cref="Stamp"/>, and the same exceptions.
    /// </summary>
    /// <param name="key">The cart.</param>
    /// <param name="change">The change.</param>
    /// <param name="idempotencyKey">The caller's idempotency key, already validated, or <see langword="null"/>.</param>
    /// <param name="mutate">The change as an <see cref="UpdateCoreAsync"/> mutation with every rule applied.</param>
    /// <param name="ct">Cancels the operation.</param>
    /// <returns>The stored cart.</returns>
    protected virtual Task<CartSnapshot> ApplyItemChangeCoreAsync(CartKey key, CartItemChange change, string? idempotencyKey, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct) =>
        UpdateCoreAsync(key, mutate, ct);

    /// <summary>
    /// Removes the cart: whatever it is when <paramref name="expected"/> is <see langword="null"/>; otherwise only if the
    /// stored cart is the one <paramref name="expected"/> names (the same <see cref="CartSnapshot.Id"/> and
    /// <see cref="CartSnapshot.Version"/>; version 0: no cart, and then nothing is removed), else throws
    /// <see cref="CartConflictException"/> and removes nothing. The comparison must be made by the store at the moment
    /// it removes (or under the cart's lock): a cart removed and created again has a new id, and its versions restart at 1.
    /// </summary>
    protected abstract Task ForgetCoreAsync(CartKey key, CartSnapshot? expected, CancellationToken ct);

    /// <summary>Removes every cart of this storage.</summary>
    protected abstract Task FlushCoreAsync(CancellationToken ct);

    /// <summary>The existing instances of an identifier, in ordinal order.</summary>
    protected abstract Task<IReadOnlyList<string>> GetInstancesCoreAsync(string identifier, CancellationToken ct);

    /// <summary>Moves a cart to another identifier; <paramref name="from"/> and <paramref name="to"/> differ.</summary>
    protected abstract Task<bool> SwapCoreAsync(CartKey from, CartKey to, CancellationToken ct);

    /// <summary>
    /// Merges the cart <paramref name="from"/> into <paramref name="to"/> (they differ) with <see cref="Merge"/>, and
    /// removes <paramref name="from"/>; returns the target after the merge, or <see langword="null"/> when neither exists.
    /// </summary>
    protected abstract Task<CartSnapshot?> MergeCoreAsync(CartKey from, CartKey to, CartMergeStrategy strategy, CancellationToken ct);

    /// <summary>
    /// Checks that the store answers, or throws. By default reads one cart with <see cref="GetCoreAsync"/>; a backend
    /// whose reads need more than the store (such as a current request), or whose writes need more than its store
    /// (such as lock servers), overrides it to probe what a write needs.
    /// </summary>
    protected virtual Task ProbeCoreAsync(CancellationToken ct) => GetCoreAsync(ProbeKey, ct);

    /// <summary>Removes every instance of an identifier; by default one <see cref="ForgetCoreAsync"/> per instance.</summary>
    protected virtual async Task ForgetIdentifierCoreAsync(string identifier, CancellationToken ct)
    {
        foreach (var instance in await GetInstancesCoreAsync(identifier, ct).ConfigureAwait(false))
        {
            await ForgetCoreAsync(new CartKey(identifier, instance), null, ct).ConfigureAwait(false);
        }
    }

    private async Task<bool> ExistsAsync(CartKey key, CancellationToken ct) =>
        await GetCoreAsync(key, ct).ConfigureAwait(false) is not null;

    private CartKey Key(string identifier, string instance)
    {
        validator.Key(identifier, instance);
        return new CartKey(identifier, instance);
    }
}
