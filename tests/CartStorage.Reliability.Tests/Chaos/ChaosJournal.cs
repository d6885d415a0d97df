using System.Text.Json;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// The history of one client process, one JSON line per event, flushed to the operating system before each call (the
/// invocation) and after it (the outcome), so a process killed with SIGKILL leaves every line it wrote. Read back, an
/// invocation without an outcome is an attempt whose outcome is unknown: indeterminate.
/// </summary>
internal sealed class ChaosJournal(string path) : IDisposable
{
    private readonly StreamWriter writer = new(path, append: true) { AutoFlush = true };

    public void Invoked(ChaosOp op, int attempt, long invoke) => Write(new Line(op, attempt, invoke, null));

    public void Completed(ChaosAttempt attempt) => Write(new Line(attempt.Op, attempt.Number, attempt.Invoke, attempt));

    public void Dispose() => writer.Dispose();

    /// <summary>The attempts in <paramref name="path"/>; one left without an outcome (the process was killed during it) is indeterminate.</summary>
    public static IReadOnlyList<ChaosAttempt> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Line>(l)!).ToList();
        var done = lines.Where(l => l.Done is not null).Select(l => l.Done!).ToList();
        var killed = lines.Where(l => l.Done is null && !done.Any(d => d.Op == l.Op && d.Number == l.Attempt))
            .Select(l => new ChaosAttempt(l.Op, l.Attempt, l.Invoke, ChaosHistory.Tick(), ChaosOutcome.Indeterminate, "process killed during the call"));
        return [.. done, .. killed];
    }

    private void Write(Line line)
    {
        lock (writer)
        {
            writer.WriteLine(JsonSerializer.Serialize(line));
        }
    }

    private sealed record Line(ChaosOp Op, int Attempt, long Invoke, ChaosAttempt? Done);
}
