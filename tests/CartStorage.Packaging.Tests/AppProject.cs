namespace CartStorage.Packaging.Tests;

/// <summary>A project outside the repository that takes the CartStorage packages from the local feed, as a user's would.</summary>
public static class AppProject
{
    /// <summary>Writes the project file and nuget.config into a new folder; returns the folder.</summary>
    public static string Create(PackedFeed feed, string name, IEnumerable<(string Id, string Version)> extraPackages, bool library = false)
    {
        var directory = Path.Combine(feed.Directory, "apps", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var references = PackedFeed.Packages.Select(p => (p, feed.Version)).Concat(extraPackages)
            .Select(r => $"""    <PackageReference Include="{r.Item1}" Version="{r.Item2}" />""");
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <OutputType>{(library ? "Library" : "Exe")}</OutputType>
              </PropertyGroup>
              <ItemGroup>
            {string.Join('\n', references)}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), feed.NuGetConfig());
        return directory;
    }
}
