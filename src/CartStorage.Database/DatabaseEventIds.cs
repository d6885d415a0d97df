namespace CartStorage.Database;

/// <summary>
/// The log event ids of this package (range 2000-2099), each used as the event name too through <c>nameof</c>; the
/// other packages own other ranges (see <c>CartEventIds</c> in CartStorage and docs/observability.md).
/// </summary>
internal static class DatabaseEventIds
{
    /// <summary>The cart table was created or found.</summary>
    public const int DatabaseTableReady = 2001;

    /// <summary>Old carts were purged.</summary>
    public const int DatabasePurged = 2004;

    /// <summary>The cart table was flushed.</summary>
    public const int DatabaseFlushed = 2005;

    /// <summary>A background purge failed.</summary>
    public const int DatabasePurgeFailed = 2006;
}
