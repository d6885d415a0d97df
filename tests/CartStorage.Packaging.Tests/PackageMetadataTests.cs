using System.Xml.Linq;

namespace CartStorage.Packaging.Tests;

/// <summary>What `dotnet pack` gives for each package: metadata, readme, docs, and only the dependencies it uses.</summary>
[Collection(nameof(PackedFeed))]
public sealed class PackageMetadataTests(PackedFeed feed)
{
    public static TheoryData<string> Packages => [.. PackedFeed.Packages];

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_package_has_its_readme_licence_urls_tags_description_and_xml_docs(string package)
    {
        var (metadata, files) = feed.Open(package);

        Value(metadata, "readme").Should().Be("README.md");
        files.Should().Contain("README.md").And.Contain($"lib/net10.0/{package}.dll").And.Contain($"lib/net10.0/{package}.xml");
        metadata.Elements().Single(e => e.Name.LocalName == "license").Value.Should().Be("MIT");
        Value(metadata, "projectUrl").Should().StartWith("https://");
        metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")!.Value.Should().StartWith("https://");
        Value(metadata, "description").Should().NotBeNullOrWhiteSpace();
        Value(metadata, "tags").Should().Contain("cart");
    }

    [Theory]
    [InlineData("CartStorage.Sqlite", "redis")]
    [InlineData("CartStorage.PostgreSql", "redis")]
    [InlineData("CartStorage.Redis", "sqlite")]
    [InlineData("CartStorage.AspNetCore", "postgresql")]
    public void Tags_describe_the_package_not_the_whole_project(string package, string foreignTag)
    {
        Value(feed.Open(package).Metadata, "tags")!.Split(' ').Should().NotContain(foreignTag);
    }

    [Fact]
    public void The_core_depends_on_no_database_driver_and_no_Redis_package()
    {
        var dependencies = Dependencies(feed.Open("CartStorage").Metadata).Keys;

        dependencies.Should().NotContain(id => id.StartsWith("Npgsql", StringComparison.Ordinal)
            || id.Contains("Sqlite", StringComparison.Ordinal)
            || id.Contains("Redis", StringComparison.Ordinal)
            || id.StartsWith("CartStorage.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CartStorage.Database", "CartStorage")]
    [InlineData("CartStorage.Sqlite", "CartStorage.Database")]
    [InlineData("CartStorage.PostgreSql", "CartStorage.Database")]
    [InlineData("CartStorage.Redis", "CartStorage")]
    [InlineData("CartStorage.AspNetCore", "CartStorage")]
    public void A_backend_package_pins_the_exact_version_of_the_package_it_builds_on(string package, string dependency)
    {
        Dependencies(feed.Open(package).Metadata).Should().Contain(dependency, $"[{feed.Version}]");
    }

    [Fact]
    public void The_Redis_package_accepts_the_StackExchange_Redis_versions_the_Redis_cache_package_accepts()
    {
        // Microsoft.Extensions.Caching.StackExchangeRedis 10 needs StackExchange.Redis >= 2.7.27; a higher floor here
        // would break the restore of an application that pins a 2.x client (NU1605).
        Dependencies(feed.Open("CartStorage.Redis").Metadata).Should().Contain("StackExchange.Redis", "2.7.27");
    }

    private static string? Value(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private static Dictionary<string, string> Dependencies(XElement metadata) =>
        metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
}
