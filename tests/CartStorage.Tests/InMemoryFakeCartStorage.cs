namespace CartStorage.Tests;

/// <summary>
/// What an application's own test fake of <see cref="ICartStorage"/> looks like: only the interface's members, a
/// dictionary and a lock. The conveniences (<c>AddItemAsync</c>, <c>HasAsync</c>, ...) come from the extension methods.
/// </summary>
internal sealed class InMemoryFakeCartStorage : ICartStorage
{
    private readonly Dictionary<(string Identifier, string Instance), CartSnapshot> carts = [];

    public CartStorageCapabilities Capabilities { get; } = new("fake", SafeAcrossServers: false, StoreEnforcedVersionCheck: false, Locking: false);

    public Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default)
    {
        lock (carts)
        {
            return Task.FromResult(carts.GetValueOrDefault((identifier, instance)));
        }
    }

    public Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default, string? idempotencyKey = null)
    {
        lock (carts)
        {
            var current = carts.GetValueOrDefault((identifier, instance)) ?? CartSnapshot.Empty;
            if (idempotencyKey is not null && current.IdempotencyKeys.Contains(idempotencyKey))
            {
                return Task.FromResult(current);
            }

            var next = mutate(current);
            if (idempotencyKey is not null && !ReferenceEquals(next, current))
            {
                next = next with { IdempotencyKeys = [.. current.IdempotencyKeys, idempotencyKey] };
            }

            return Task.FromResult(ReferenceEquals(next, current) ? current : Store(identifier, instance, current, next));
        }
    }

    public Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default)
    {
        lock (carts)
        {
            var current = carts.GetValueOrDefault((identifier, instance)) ?? CartSnapshot.Empty;
            return current.Version == snapshot.Version && (current.Version == 0 || current.Id == snapshot.Id)
                ? Task.FromResult(Store(identifier, instance, current, snapshot))
                : Task.FromException<CartSnapshot>(new CartConflictException(identifier, instance, snapshot.Version, current.Version, snapshot.ETag, current.ETag));
        }
    }

    public Task ForgetAsync(string identifier, string instance, CancellationToken ct = default)
    {
        lock (carts)
        {
            carts.Remove((identifier, instance));
            return Task.CompletedTask;
        }
    }

    public Task ForgetAsync(string identifier, string instance, string expectedETag, CancellationToken ct = default)
    {
        lock (carts)
        {
            var actual = carts.GetValueOrDefault((identifier, instance)) ?? CartSnapshot.Empty;
            if (actual.ETag != expectedETag)
            {
                return Task.FromException(new CartConflictException(identifier, instance, -1, actual.Version, expectedETag, actual.ETag));
            }

            carts.Remove((identifier, instance));
            return Task.CompletedTask;
        }
    }

    public Task FlushAsync(CancellationToken ct = default)
    {
        lock (carts)
        {
            carts.Clear();
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default)
    {
        lock (carts)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. carts.Keys.Where(k => k.Identifier == identifier).Select(k => k.Instance).Order(StringComparer.Ordinal)]);
        }
    }

    public async Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default)
    {
        foreach (var instance in await GetInstancesAsync(identifier, ct))
        {
            await ForgetAsync(identifier, instance, ct);
        }
    }

    public Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default)
    {
        lock (carts)
        {
            if (!carts.Remove((oldIdentifier, instance), out var source))
            {
                return Task.FromResult(false);
            }

            carts[(newIdentifier, instance)] = source;
            return Task.FromResult(true);
        }
    }

    /// <summary>A fake's merge: adds quantities whatever the strategy, the target's conditions and metadata win.</summary>
    public Task<CartSnapshot?> MergeIdentifierAsync(string fromIdentifier, string toIdentifier, string instance, CartMergeStrategy strategy = CartMergeStrategy.AddQuantities, CancellationToken ct = default)
    {
        lock (carts)
        {
            var target = carts.GetValueOrDefault((toIdentifier, instance));
            if (!carts.Remove((fromIdentifier, instance), out var source))
            {
                return Task.FromResult(target);
            }

            var current = target ?? CartSnapshot.Empty;
            var items = current.Items.Select(i => i with { Quantity = i.Quantity + source.Items.Where(s => s.Id == i.Id).Sum(s => s.Quantity) })
                .Concat(source.Items.Where(s => current.Items.All(i => i.Id != s.Id)));
            return Task.FromResult<CartSnapshot?>(Store(toIdentifier, instance, current, current with { Items = [.. items] }));
        }
    }

    private CartSnapshot Store(string identifier, string instance, CartSnapshot current, CartSnapshot next)
    {
        var stored = next with { Version = current.Version + 1, Id = current.Version == 0 ? Guid.NewGuid() : current.Id };
        carts[(identifier, instance)] = stored;
        return stored;
    }
}
