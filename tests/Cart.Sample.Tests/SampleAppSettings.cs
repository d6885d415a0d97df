namespace Cart.Sample.Tests;

/// <summary>Configurations of the sample under test.</summary>
public static class SampleAppSettings
{
    /// <summary>The sample as shipped (appsettings.json: SQLite), with its database file in a temp folder.</summary>
    public static SampleApp Default() => new(new Dictionary<string, string?>
    {
        ["Cart:Database:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"cart-sample-{Guid.NewGuid():N}.db")}",
    });
}
