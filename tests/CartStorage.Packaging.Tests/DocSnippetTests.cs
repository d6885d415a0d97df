using System.Text;
using System.Text.RegularExpressions;
using CartStorage.Testing;

namespace CartStorage.Packaging.Tests;

/// <summary>
/// Every <c>```csharp</c> block of README.md, CACHE_LOCKING.md and docs/ compiles against the packed packages, so the
/// docs cannot drift from the API. Each block becomes the body of a method whose parameters are the names the docs
/// take as given (<c>builder</c>, <c>app</c>, <c>services</c>, <c>configuration</c>, <c>carts</c>, <c>user</c>, ...);
/// its <c>using</c> lines go to the top of its file.
/// </summary>
[Collection(nameof(PackedFeed))]
public sealed partial class DocSnippetTests(PackedFeed feed)
{
    private static readonly (string Type, string Name)[] Given =
    [
        ("string[]", "args"), ("WebApplicationBuilder", "builder"), ("WebApplication", "app"), ("IServiceCollection", "services"),
        ("IConfiguration", "configuration"), ("ICartStorage", "carts"), ("string", "userId"), ("string", "user"), ("CartItem", "item"),
    ];

    [Fact]
    public async Task Every_csharp_block_of_the_docs_compiles()
    {
        var snippets = Documents().SelectMany(Snippets).ToList();
        snippets.Should().HaveCountGreaterThan(5, "README.md and docs/ hold C# examples");
        var directory = AppProject.Create(feed, "DocSnippets", [("OpenTelemetry.Extensions.Hosting", "1.20.1"), ("Microsoft.Extensions.Caching.StackExchangeRedis", "10.0.15")], library: true);
        for (var i = 0; i < snippets.Count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, $"Snippet{i}.cs"), Wrap(i, snippets[i]));
        }

        var (exitCode, output) = await Dotnet.TryRunAsync(directory, new Dictionary<string, string>(), "build");

        exitCode.Should().Be(0, "every C# block of the docs must compile; the build said:\n" + string.Join('\n', output.Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal)).Distinct()));
    }

    private static IEnumerable<string> Documents() =>
        new[] { Repository.File("README.md"), Repository.File("CACHE_LOCKING.md") }
            .Concat(Directory.GetFiles(Repository.File("docs"), "*.md", SearchOption.AllDirectories));

    private static IEnumerable<(string Source, string Code)> Snippets(string path)
    {
        var text = File.ReadAllText(path);
        foreach (Match match in CSharpBlock().Matches(text))
        {
            var line = text[..match.Index].Count(c => c == '\n') + 1;
            yield return ($"{Path.GetRelativePath(Repository.Root, path)}:{line}", match.Groups[1].Value);
        }
    }

    private static string Wrap(int index, (string Source, string Code) snippet)
    {
        var lines = snippet.Code.Split('\n');
        var usings = lines.Where(l => UsingLine().IsMatch(l)).ToList();
        var body = lines.Where(l => !UsingLine().IsMatch(l)).ToList();
        var declared = Declared().Matches(snippet.Code).Select(m => m.Groups[1].Value).ToHashSet();
        var parameters = string.Join(", ", Given.Where(g => !declared.Contains(g.Name)).Select(g => $"{g.Type} {g.Name}"));
        var file = new StringBuilder();
        file.AppendLine($"// {snippet.Source}");
        file.AppendLine("#pragma warning disable CS1998, CS8321, CS0168, CS0219");
        foreach (var common in new[] { "CartStorage", "Microsoft.Extensions.Diagnostics.HealthChecks", "Microsoft.Extensions.Caching.Distributed" })
        {
            file.AppendLine($"using {common};");
        }

        usings.ForEach(u => file.AppendLine(u));
        file.AppendLine($"namespace DocSnippets.S{index};");
        file.AppendLine("internal static class Snippet");
        file.AppendLine("{");
        file.AppendLine($"    internal static async Task RunAsync({parameters})");
        file.AppendLine("    {");
        body.ForEach(l => file.AppendLine("        " + l));
        file.AppendLine("        await Task.CompletedTask;");
        file.AppendLine("    }");
        file.AppendLine("}");
        return file.ToString();
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^\s*using\s+[\w.]+\s*;\s*$")]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"\bvar\s+(\w+)\s*=")]
    private static partial Regex Declared();
}
