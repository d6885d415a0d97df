using System.Globalization;
using Npgsql;

namespace CartStorage.Benchmarks.Sizing;

/// <summary>
/// <c>bash scripts/bench.sh throughput [--seconds 20] [--concurrency 16] [--carts 1000] [--items 10]</c>: operations
/// per second and per server CPU-second on one Redis primary and one PostgreSQL server, printed as Markdown tables.
/// The per-CPU-second figures are the ones that transfer to other machines; ops/s here depend on what else ran.
/// </summary>
internal static class ThroughputReport
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var settings = LoadSettings.Parse(args);
        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical CPUs, load average at start {LoadAverage()}; {settings}.");
        Console.WriteLine();

        await using (var redis = await Carts.ConnectRedisAdminAsync())
        {
            Console.WriteLine($"## RedisStorage, one Redis {redis.GetServer(redis.GetEndPoints()[0]).Version} primary (`bash scripts/bench.sh throughput`)");
            Console.WriteLine();
            Console.WriteLine(MarkdownTable.Render(RedisThroughput.Header, await RedisThroughput.MeasureAsync(redis, settings)));
        }

        await using (var dataSource = NpgsqlDataSource.Create(Carts.Postgres))
        {
            await using var version = dataSource.CreateCommand("SELECT current_setting('server_version') || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')");
            Console.WriteLine($"## DatabaseStorage, one PostgreSQL {await version.ExecuteScalarAsync()} server (`bash scripts/bench.sh throughput`)");
            Console.WriteLine();
            Console.WriteLine(MarkdownTable.Render(PostgresThroughput.Header, await PostgresThroughput.MeasureAsync(dataSource, settings)));
        }

        Console.WriteLine($"Load average at the end: {LoadAverage()}.");
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
