namespace CartStorage.Redis;

/// <summary>
/// The log event ids of this package (range 3000-3099), each used as the event name too through <c>nameof</c>; the
/// other packages own other ranges (see <c>CartEventIds</c> in CartStorage and docs/observability.md).
/// </summary>
internal static class RedisEventIds
{
    /// <summary>A claimed move whose target could not take it stays pending.</summary>
    public const int RedisMovePending = 3003;

    /// <summary>A cart lock was not acquired in time: another writer holds it.</summary>
    public const int LockTimedOut = 3011;

    /// <summary>No majority of the lock servers answered.</summary>
    public const int LockServersUnreachable = 3012;

    /// <summary>A lock server refused the lock write.</summary>
    public const int LockRefused = 3013;
}
