namespace CartStorage.AspNetCore;

/// <summary>
/// The log event ids of this package (range 4000-4099), each used as the event name too through <c>nameof</c>; the
/// other packages own other ranges (see <c>CartEventIds</c> in CartStorage and docs/observability.md).
/// </summary>
internal static class AspNetCoreEventIds
{
    /// <summary>The session storage was flushed from the current session.</summary>
    public const int SessionFlushed = 4001;

    /// <summary>A guest cart was merged into the signed-in user's cart.</summary>
    public const int GuestCartMerged = 4011;

    /// <summary>A guest cart was not merged: the result would exceed a limit.</summary>
    public const int GuestCartTooLarge = 4012;

    /// <summary>A store safe across servers with a per-machine Data Protection key ring.</summary>
    public const int PerMachineKeyRing = 4013;
}
