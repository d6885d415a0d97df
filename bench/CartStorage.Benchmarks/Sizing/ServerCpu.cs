using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StackExchange.Redis;

namespace CartStorage.Benchmarks.Sizing;

/// <summary>
/// The CPU seconds a server has used so far, read before and after a measured phase: Redis from its own
/// <c>INFO cpu</c> (<c>used_cpu_sys</c> + <c>used_cpu_user</c>, every thread of the server), PostgreSQL from
/// <c>/proc</c> (user + system time of the postmaster, its live children, and its reaped children through
/// <c>cutime</c> / <c>cstime</c>), so only when the server runs on this machine.
/// </summary>
internal static class ServerCpu
{
    /// <summary>
    /// Redis's CPU seconds, processed commands (<c>total_commands_processed</c>: it counts the commands a script runs too),
    /// and each command's calls and in-command microseconds (<c>INFO commandstats</c>).
    /// </summary>
    public static async Task<RedisCounters> RedisAsync(IServer server)
    {
        var info = (await server.InfoAsync("all")).SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var commands = new Dictionary<string, (long Calls, long Usec)>(StringComparer.Ordinal);
        foreach (var (key, value) in info.Where(p => p.Key.StartsWith("cmdstat_", StringComparison.Ordinal)))
        {
            var fields = value.Split(',').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
            commands[key["cmdstat_".Length..]] = (long.Parse(fields["calls"], CultureInfo.InvariantCulture), long.Parse(fields["usec"], CultureInfo.InvariantCulture));
        }

        return new RedisCounters(
            double.Parse(info["used_cpu_sys"], CultureInfo.InvariantCulture) + double.Parse(info["used_cpu_user"], CultureInfo.InvariantCulture),
            long.Parse(info["total_commands_processed"], CultureInfo.InvariantCulture),
            commands);
    }

    /// <summary>The postmaster's process id when the server runs on this machine (its backend is visible in /proc), else null.</summary>
    public static async Task<int?> PostmasterAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync())!;
        var stat = Stat(backend);
        return stat is { Command: "postgres" } ? stat.Value.Parent : null;
    }

    /// <summary>CPU seconds used by the postmaster and every process it started, living or reaped.</summary>
    public static double PostgresSeconds(int postmaster)
    {
        var own = Stat(postmaster) ?? throw new InvalidOperationException($"The postmaster (pid {postmaster}) is gone.");
        long ticks = own.Ticks + own.ChildTicks;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } child && child.Parent == postmaster)
            {
                ticks += child.Ticks + child.ChildTicks;
            }
        }

        return ticks / (double)ClockTicks.Value;
    }

    private static readonly Lazy<long> ClockTicks = new(() =>
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
        var text = getconf.StandardOutput.ReadToEnd().Trim();
        getconf.WaitForExit();
        return long.Parse(text, CultureInfo.InvariantCulture);
    });

    /// <summary>Fields of /proc/PID/stat (proc(5)): comm (2), ppid (4), utime, stime, cutime, cstime (14–17).</summary>
    private static (string Command, int Parent, long Ticks, long ChildTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // the process ended, or there is no /proc
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        var rest = text[(close + 2)..].Split(' '); // rest[0] is field 3 (state)
        long Field(int number) => long.Parse(rest[number - 3], CultureInfo.InvariantCulture);
        return (text[(open + 1)..close], (int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }
}

/// <summary>A reading of Redis's counters; subtract two readings for a phase.</summary>
internal sealed record RedisCounters(double CpuSeconds, long Commands, IReadOnlyDictionary<string, (long Calls, long Usec)> PerCommand)
{
    /// <summary>Microseconds spent inside <paramref name="names"/> since <paramref name="before"/>.</summary>
    public long UsecSince(RedisCounters before, params string[] names) =>
        names.Sum(n => PerCommand.GetValueOrDefault(n).Usec - before.PerCommand.GetValueOrDefault(n).Usec);
}
