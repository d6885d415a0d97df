using System.Text.RegularExpressions;
using System.Xml.Linq;
using CartStorage.Testing;

namespace CartStorage.Packaging.Tests;

/// <summary>
/// The honest extension point: the in-memory backend of tests/CartStorage.ExternalBackend.Tests, built outside the
/// repository against the packed CartStorage and CartStorage.Testing packages alone (a package exposes no internals),
/// runs the packaged contract suite and passes it.
/// </summary>
[Collection(nameof(PackedFeed))]
public sealed partial class ExternalBackendTests(PackedFeed feed)
{
    [Fact]
    public async Task A_backend_outside_the_repository_passes_the_packaged_contract_suite_through_the_public_surface()
    {
        var directory = Path.Combine(feed.Directory, "apps", "ExternalBackend-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var versions = XDocument.Load(Repository.File("Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var references = new[] { ("CartStorage", feed.Version), (PackedFeed.TestingPackage, feed.Version) }
            .Concat(new[] { "Microsoft.NET.Test.Sdk", "xunit", "xunit.runner.visualstudio", "FluentAssertions" }.Select(p => (p, versions[p])))
            .Select(r => $"""    <PackageReference Include="{r.Item1}" Version="{r.Item2}" />""");
        await File.WriteAllTextAsync(Path.Combine(directory, "ExternalBackend.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {string.Join('\n', references)}
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "nuget.config"), feed.NuGetConfig());
        var sources = Directory.GetFiles(Repository.File("tests", "CartStorage.ExternalBackend.Tests"), "*.cs");
        sources.Should().HaveCountGreaterThanOrEqualTo(3, "the backend, its store and its contract test class");
        foreach (var source in sources)
        {
            File.Copy(source, Path.Combine(directory, Path.GetFileName(source)));
        }

        var output = await Dotnet.RunAsync(directory, "test");

        var summary = Summary().Match(output);
        summary.Success.Should().BeTrue($"dotnet test prints its summary:\n{output}");
        int.Parse(summary.Groups["failed"].Value, System.Globalization.CultureInfo.InvariantCulture).Should().Be(0);
        int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(100, "the whole contract suite ran");
    }

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+)")]
    private static partial Regex Summary();
}
