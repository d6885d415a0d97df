namespace CartStorage;

/// <summary>
/// The log event ids of this package (range 1000-1099), each used as the event name too through <c>nameof</c>. Every
/// package owns one range and one such class (CartStorage.Database 2000-2099, CartStorage.Redis 3000-3099,
/// CartStorage.AspNetCore 4000-4099, CartStorage.Sqlite 5000-5099, CartStorage.PostgreSql 6000-6099), so an id or a
/// name means one event across the library. docs/observability.md lists them; <c>LogEventCatalogueTests</c> checks
/// they are unique and in range.
/// </summary>
internal static class CartEventIds
{
    /// <summary>Startup: the driver chosen, its store and its guarantees.</summary>
    public const int StorageStarted = 1001;

    /// <summary>A <c>Cart:*</c> section no registered package reads.</summary>
    public const int ConfigSectionNotRead = 1002;

    /// <summary>A write found the cart changed since its read and starts again (database, Redis).</summary>
    public const int WriteRetrying = 1003;

    /// <summary>A write ran out of attempts: the caller gets <c>CartConflictException</c>.</summary>
    public const int WriteGaveUp = 1004;

    /// <summary>Cache with <c>UseLocking</c> but no lock provider.</summary>
    public const int CacheLockingUnavailable = 1011;

    /// <summary>The cache storage was flushed (new generation).</summary>
    public const int CacheFlushed = 1012;

    /// <summary>Cache with <c>UseLocking</c> over an in-process cache.</summary>
    public const int CacheNotShared = 1013;

    /// <summary>A cache <c>SaveAsync</c> whose version is checked by this process only (once per storage).</summary>
    public const int CacheSaveNotCheckedAcrossServers = 1014;

    /// <summary>An unreadable instance index was discarded.</summary>
    public const int CacheIndexDiscarded = 1015;

    /// <summary>A move left half done by an interrupted call was settled.</summary>
    public const int CacheMoveSettled = 1016;
}
