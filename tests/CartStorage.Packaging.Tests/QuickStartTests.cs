using System.Diagnostics;
using System.Text.RegularExpressions;
using CartStorage.Testing;

namespace CartStorage.Packaging.Tests;

/// <summary>
/// The README quick start as a new user follows it: its Program.cs built from the packed packages (CartStorage.Sqlite
/// and CartStorage.AspNetCore with what they bring), served by Kestrel, and its curl session run against it, each
/// command printing what the README shows (timestamps aside).
/// </summary>
[Collection(nameof(PackedFeed))]
public sealed partial class QuickStartTests(PackedFeed feed)
{
    [Fact]
    public async Task The_README_quick_start_serves_a_guest_cart_and_its_curl_session_prints_what_the_README_shows()
    {
        var section = Section(await File.ReadAllTextAsync(Repository.File("README.md")), "## Quick start");
        var program = CSharpBlock().Match(section).Groups[1].Value;
        var session = Steps(SessionBlock().Match(section).Groups[1].Value);
        section.Should().Contain("dotnet add package CartStorage.Sqlite").And.Contain("dotnet add package CartStorage.AspNetCore");
        program.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCountLessThanOrEqualTo(5);
        session.Should().HaveCountGreaterThanOrEqualTo(5, "add, read, change, remove");

        var directory = AppProject.Create(feed, "QuickStart", []);
        await File.WriteAllTextAsync(Path.Combine(directory, "Program.cs"), program);
        await Dotnet.RunAsync(directory, "build");

        using var app = Start(directory);
        try
        {
            var address = await ListeningAddressAsync(app);
            foreach (var (command, expected) in session)
            {
                var printed = await CurlAsync(directory, command.Replace("localhost:5000", address, StringComparison.Ordinal));
                WithoutTimes(printed).Should().Be(WithoutTimes(expected), $"`{command}` prints what the README shows");
            }
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    private static string Section(string readme, string heading)
    {
        var start = readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0);
        var end = readme.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)];
    }

    /// <summary>The <c>$ command</c> lines of the session and the lines each prints.</summary>
    private static List<(string Command, string Output)> Steps(string block)
    {
        var steps = new List<(string, string)>();
        foreach (var line in block.Split('\n'))
        {
            if (line.StartsWith("$ ", StringComparison.Ordinal))
            {
                steps.Add((line[2..], string.Empty));
            }
            else if (steps.Count > 0 && line.Length > 0)
            {
                var (command, output) = steps[^1];
                steps[^1] = (command, output.Length == 0 ? line : output + "\n" + line);
            }
        }

        return steps;
    }

    private static Process Start(string directory)
    {
        var start = new ProcessStartInfo("dotnet", ["bin/Debug/net10.0/QuickStart.dll", "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["CART_STORAGE_DRIVER"] = string.Empty;
        return Process.Start(start)!;
    }

    private static async Task<string> ListeningAddressAsync(Process app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var seen = new List<string>();
        while (await app.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.Add(line);
            if (Listening().Match(line) is { Success: true } match)
            {
                // Keep draining the log so the application never blocks on a full pipe.
                _ = app.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = app.StandardError.ReadToEndAsync(CancellationToken.None);
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("The quick start app did not start:\n" + string.Join('\n', seen) + await app.StandardError.ReadToEndAsync());
    }

    private static async Task<string> CurlAsync(string directory, string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { WorkingDirectory = directory, RedirectStandardOutput = true };
        using var curl = Process.Start(start)!;
        var output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        curl.ExitCode.Should().Be(0, command);
        return output.TrimEnd('\n');
    }

    private static string WithoutTimes(string text) => Time().Replace(text, "\"$1\":\"(time)\"");

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"```\n(\$ curl.*?)```", RegexOptions.Singleline)]
    private static partial Regex SessionBlock();

    [GeneratedRegex(@"Now listening on: http://([0-9.]+:[0-9]+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"""(createdAt|updatedAt)"":""[^""]+""")]
    private static partial Regex Time();
}
