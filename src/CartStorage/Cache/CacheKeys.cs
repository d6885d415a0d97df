namespace CartStorage;

/// <summary>
/// The cache keys and lock resources of one storage. Identifier and instance are encoded with
/// <see cref="CartKeyEncoder"/>, so keys are injective; every key of an identifier shares the Redis Cluster
/// hash tag <c>{encoded identifier}</c>.
/// </summary>
/// <remarks>
/// <c>{prefix}:generation</c> — the flush generation;
/// <c>{prefix}:{{id}}:c:{instance}</c> — a cart;
/// <c>{prefix}:{{id}}:i</c> — the identifier's instance index;
/// <c>{prefix}:{{id}}:lock:{instance}</c> and <c>{prefix}:{{id}}:lock-index</c> — lock resources.
/// </remarks>
internal sealed class CacheKeys(string prefix)
{
    public string Generation { get; } = prefix + ":generation";

    public string Cart(CartKey key) => $"{prefix}:{{{CartKeyEncoder.Encode(key.Identifier)}}}:c:{CartKeyEncoder.Encode(key.Instance)}";

    public string Index(string identifier) => $"{Tag(identifier)}:i";

    public string CartLock(CartKey key) => $"{Tag(key.Identifier)}:lock:{CartKeyEncoder.Encode(key.Instance)}";

    public string IndexLock(string identifier) => $"{Tag(identifier)}:lock-index";

    /// <summary>The lock resource the health probe of one storage object takes and releases.</summary>
    public string ProbeLock(Guid storage) => $"{prefix}:health-probe:{storage:N}";

    private string Tag(string identifier) => $"{prefix}:{{{CartKeyEncoder.Encode(identifier)}}}";
}
