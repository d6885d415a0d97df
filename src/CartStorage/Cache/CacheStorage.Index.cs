using Microsoft.Extensions.Caching.Distributed;

namespace CartStorage;

/// <summary>
/// The instance index of <see cref="CacheStorage"/>: one entry per identifier listing its instances, read-add-written
/// under the index lock when locking is on (see the class remarks for what it guarantees without).
/// </summary>
public sealed partial class CacheStorage
{
    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> GetInstancesCoreAsync(string identifier, CancellationToken ct)
    {
        var generationTask = ReadGenerationAsync(ct);
        var (index, _) = await ReadIndexAsync(identifier, ct).ConfigureAwait(false);
        var generation = await generationTask.ConfigureAwait(false);
        if (index is null || index.Generation != generation)
        {
            return [];
        }

        // The index may name carts that expired or were removed by a writer that lost an index race: keep only live ones.
        var instances = index.Instances!;
        var exists = await Task.WhenAll(instances.Select(instance => ExistsAsync(new CartKey(identifier, instance), generation, ct))).ConfigureAwait(false);
        return [.. instances.Where((_, i) => exists[i]).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    protected override async Task ForgetIdentifierCoreAsync(string identifier, CancellationToken ct)
    {
        await base.ForgetIdentifierCoreAsync(identifier, ct).ConfigureAwait(false);
        var held = await LockAsync(keys.IndexLock(identifier), ct).ConfigureAwait(false);
        await using var heldRelease = held.ConfigureAwait(false);
        if (await ReadIndexAsync(identifier, ct).ConfigureAwait(false) is { Corrupt: true } or { Index.Instances.Count: 0 })
        {
            EnsureHeld(held, "instance index", identifier, null);
            await cache.RemoveAsync(keys.Index(identifier), ct).ConfigureAwait(false);
        }
    }

    private async Task ChangeIndexAsync(string identifier, string instance, bool add, CancellationToken ct)
    {
        var held = await LockAsync(keys.IndexLock(identifier), ct).ConfigureAwait(false);
        await using var heldRelease = held.ConfigureAwait(false);
        var generationTask = ReadGenerationAsync(ct);
        var (index, corrupt) = await ReadIndexAsync(identifier, ct).ConfigureAwait(false);
        var generation = await generationTask.ConfigureAwait(false);
        var instances = index is not null && index.Generation == generation ? index.Instances! : [];
        var changed = add ? !instances.Contains(instance) : instances.Remove(instance);
        if (add && changed)
        {
            instances.Add(instance);
        }

        if (!changed && !add && !corrupt)
        {
            return;
        }

        EnsureHeld(held, "instance index", identifier, null);
        var bytes = CartSerializer.SerializeIndex(new StoredInstanceIndex { Generation = generation, Instances = instances });
        await cache.SetAsync(keys.Index(identifier), bytes, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl * 2 }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The identifier's instance index (<see langword="null"/> when there is none). An index that cannot be read is
    /// logged and treated as absent (<c>Corrupt</c>), so that it never blocks an operation on a cart; the next index
    /// change replaces it.
    /// </summary>
    private async Task<(StoredInstanceIndex? Index, bool Corrupt)> ReadIndexAsync(string identifier, CancellationToken ct)
    {
        var bytes = await cache.GetAsync(keys.Index(identifier), ct).ConfigureAwait(false);
        try
        {
            return (bytes is null ? null : CartSerializer.DeserializeIndex(identifier, bytes), false);
        }
        catch (CartDataCorruptedException e)
        {
            Log.IndexDiscarded(logger, e);
            return (null, true);
        }
    }
}
