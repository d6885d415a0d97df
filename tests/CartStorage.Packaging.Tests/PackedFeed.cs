using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using CartStorage.Testing;

namespace CartStorage.Packaging.Tests;

/// <summary>
/// Every project under src/ packed once per test run into a local feed, with a version suffix of its own so that no
/// package cached by an earlier run is used instead.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public static readonly string[] Packages =
        ["CartStorage", "CartStorage.Database", "CartStorage.Sqlite", "CartStorage.PostgreSql", "CartStorage.Redis", "CartStorage.AspNetCore"];

    /// <summary>The contract suite's package, packed from tests/ (it is no application dependency, so not in <see cref="Packages"/>).</summary>
    public const string TestingPackage = "CartStorage.Testing";

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "cartstorage-feed", Guid.NewGuid().ToString("N"));

    public string Version { get; } = "0.2.0-t" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var package in Packages)
        {
            await Dotnet.RunAsync(Repository.Root, "pack", Repository.File("src", package), "-c", "Release", "-o", Directory, $"-p:Version={Version}");
        }

        await Dotnet.RunAsync(Repository.Root, "pack", Repository.File("tests", TestingPackage), "-c", "Release", "-o", Directory, $"-p:Version={Version}");
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The .nuspec of a package, and the names of the files it holds.</summary>
    public (XElement Metadata, IReadOnlyList<string> Files) Open(string package)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(Directory, $"{package}.{Version}.nupkg"));
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        var metadata = document.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        return (metadata, [.. zip.Entries.Select(e => e.FullName)]);
    }

    /// <summary>A nuget.config for an application outside the repository: this feed before the machine's own sources.</summary>
    public string NuGetConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="cartstorage-local" value="{Directory}" />
          </packageSources>
        </configuration>
        """;
}

[CollectionDefinition(nameof(PackedFeed))]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>;

/// <summary>Runs the dotnet CLI.</summary>
public static class Dotnet
{
    /// <summary>Runs it and returns what it printed; a non-zero exit throws with the output.</summary>
    public static async Task<string> RunAsync(string workingDirectory, params string[] arguments)
    {
        var (exitCode, output) = await TryRunAsync(workingDirectory, null, arguments);
        return exitCode == 0 ? output : throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
    }

    /// <summary>Runs it with extra environment variables; returns the exit code and what it printed (output and errors).</summary>
    public static async Task<(int ExitCode, string Output)> TryRunAsync(string workingDirectory, IDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
