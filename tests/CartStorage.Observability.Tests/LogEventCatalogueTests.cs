using System.Reflection;
using System.Text.RegularExpressions;
using CartStorage.Testing;
using Microsoft.Extensions.Logging;

namespace CartStorage.Observability.Tests;

/// <summary>
/// The log events of every shipped package form one catalogue: an event id or an event name means one event across
/// the library, and docs/observability.md lists each with its level.
/// </summary>
public sealed partial class LogEventCatalogueTests
{
    [Fact]
    public void Every_logger_message_has_an_id_and_a_name_of_its_own_across_all_packages()
    {
        var events = LoggerMessages();

        events.Should().NotBeEmpty();
        events.Should().AllSatisfy(e => e.Name.Should().NotBeNullOrWhiteSpace($"{e.Method} needs an EventName"));
        events.Should().AllSatisfy(e => e.Id.Should().BePositive($"{e.Method} needs an event id"));
        events.GroupBy(e => e.Id).Where(g => g.Count() > 1)
            .Should().BeEmpty("an event id is used by one log message only: {0}", Describe(events.GroupBy(e => e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        events.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Should().BeEmpty("an event name is used by one log message only: {0}", Describe(events.GroupBy(e => e.Name!, StringComparer.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Each_package_logs_in_its_own_id_range()
    {
        var ranges = new Dictionary<string, int>
        {
            ["CartStorage"] = 1000,
            ["CartStorage.Database"] = 2000,
            ["CartStorage.Redis"] = 3000,
            ["CartStorage.AspNetCore"] = 4000,
            ["CartStorage.Sqlite"] = 5000,
            ["CartStorage.PostgreSql"] = 6000,
        };
        ShippedAssemblies().Select(a => a.GetName().Name).Should().BeSubsetOf(ranges.Keys, "every package has a range");

        foreach (var e in LoggerMessages())
        {
            e.Id.Should().BeInRange(ranges[e.Assembly], ranges[e.Assembly] + 99, $"{e.Method} is in {e.Assembly}");
        }
    }

    [Fact]
    public void The_reflected_messages_are_all_the_logger_messages_of_the_sources()
    {
        // Guards the test above: a package missing from this test project, or an attribute the compiler dropped,
        // would make it pass on fewer events than the library logs.
        var inSources = Directory.EnumerateFiles(Repository.File("src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Sum(path => LoggerMessageUse().Count(File.ReadAllText(path)));

        LoggerMessages().Should().HaveCount(inSources);
    }

    [Fact]
    public void The_observability_page_lists_every_event_with_its_id_name_and_level()
    {
        var documented = DocumentedRow().Matches(File.ReadAllText(Repository.File("docs", "observability.md")))
            .Select(m => $"{m.Groups["id"].Value} {m.Groups["name"].Value} {m.Groups["level"].Value}");

        documented.Should().BeEquivalentTo(LoggerMessages().Select(e => $"{e.Id} {e.Name} {e.Level}"));
    }

    private static List<LogEvent> LoggerMessages() =>
        [.. from assembly in ShippedAssemblies()
            from type in assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
            where attribute is not null
            select new LogEvent(assembly.GetName().Name!, $"{type.FullName}.{method.Name}", attribute.EventId, attribute.EventName, attribute.Level)];

    /// <summary>Every package under src/, each a project named like its folder; this test project references them all.</summary>
    private static List<Assembly> ShippedAssemblies() =>
        [.. Directory.EnumerateDirectories(Repository.File("src"))
            .Select(Path.GetFileName)
            .Where(name => File.Exists(Repository.File("src", name!, name + ".csproj")))
            .Select(name => Assembly.Load(new AssemblyName(name!)))];

    private static string Describe(IEnumerable<IGrouping<string, LogEvent>> groups) =>
        string.Join("; ", groups.Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}"));

    [GeneratedRegex(@"\[LoggerMessage\(")]
    private static partial Regex LoggerMessageUse();

    // A row of the event table: | 1011 | `CacheLockingUnavailable` | Warning | ... |
    [GeneratedRegex(@"^\| (?<id>\d+) \| `(?<name>\w+)` \| (?<level>\w+) \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedRow();

    private sealed record LogEvent(string Assembly, string Method, int Id, string? Name, LogLevel Level);
}
