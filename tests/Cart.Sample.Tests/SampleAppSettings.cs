namespace Cart.Sample.Tests;

/// <summary>Configurations of the sample under test.</summary>
public static class SampleAppSettings
{
    /// <summary>The sample as shipped (appsettings.json).</summary>
    public static SampleApp Default() => new(new Dictionary<string, string?>());
}
