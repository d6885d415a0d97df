namespace CartStorage.Database;

/// <summary>
/// The <c>Cart:Database:Purge</c> section: a hosted service that deletes carts not written for
/// <see cref="Retention"/>, every <see cref="Interval"/>, in batches of <see cref="BatchSize"/> rows.
/// </summary>
public sealed class CartDatabasePurgeOptions
{
    /// <summary>Run the purge service. Default <see langword="false"/> (call <c>DatabaseStorage.PurgeAsync</c> yourself, or never purge).</summary>
    public bool Enabled { get; set; }

    /// <summary>Time between two purges; the first runs one interval after startup. Default 1 hour (<c>"01:00:00"</c>); must be positive.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Carts whose last write is older than this are deleted. Default 30 days (<c>"30.00:00:00"</c>); must be positive.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Most rows deleted by one statement, so a purge never holds locks on a large part of the table. Default 1000; at least 1.</summary>
    public int BatchSize { get; set; } = 1000;
}
