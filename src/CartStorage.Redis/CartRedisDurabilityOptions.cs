namespace CartStorage.Redis;

/// <summary>
/// The <c>Cart:Redis:Durability</c> section of <see cref="RedisStorage"/>: how durable the target of a swap or merge
/// must be before its source is removed. A Redis primary acknowledges a write before its replicas have it; a failover
/// in that window loses the write. With <see cref="Replicas"/> above 0 (or <see cref="Fsync"/>), after writing the
/// target of a move the storage waits (<c>WAIT</c>, or <c>WAITAOF</c> with <see cref="Fsync"/>) until that many replicas
/// (and, with <see cref="Fsync"/>, the primary's append-only file) hold it; when they do not within
/// <see cref="Timeout"/>, the source is kept (its pending move is finished by the next swap or merge from it) and the
/// call throws <see cref="CartStorageUnavailableException"/>.
/// </summary>
/// <remarks>
/// <c>WAIT</c> runs on the connection StackExchange.Redis shares for every command to that node, so commands queued behind it
/// wait too, at most <see cref="Timeout"/>: the cost is paid at sign-in (merge) and swap, never on reads or ordinary writes.
/// <c>WAITAOF</c> needs Redis 7.2 or later.
/// </remarks>
public sealed class CartRedisDurabilityOptions
{
    /// <summary>How many replicas must acknowledge the target of a move before the source is removed. Default 0 (no wait); 0 or more.</summary>
    public int Replicas { get; set; }

    /// <summary>
    /// Whether the target of a move must also be fsynced to the primary's append-only file (and to <see cref="Replicas"/>
    /// replicas' files) before the source is removed: <c>WAITAOF</c>, Redis 7.2+ with <c>appendonly yes</c>. Default
    /// <see langword="false"/>.
    /// </summary>
    public bool Fsync { get; set; }

    /// <summary>How long to wait for the replicas (and the fsync). Default 1 s (<c>"00:00:01"</c>); positive.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether a move waits at all.</summary>
    internal bool Waits => Replicas > 0 || Fsync;
}
