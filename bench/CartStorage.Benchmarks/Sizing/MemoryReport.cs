using Npgsql;

namespace CartStorage.Benchmarks.Sizing;

/// <summary>
/// <c>bash scripts/bench.sh memory</c>: what one stored cart of 1, 10, 100 and 1,000 items takes in Redis (current and
/// 0.2 layout) and in PostgreSQL, printed as Markdown tables.
/// </summary>
internal static class MemoryReport
{
    private static readonly int[] Sizes = [1, 10, 100, 1000];

    /// <summary>Carts written per size for the population figures: fewer of the big ones (a 1,000-item cart is ~130 KB of JSON).</summary>
    private static int Population(int items) => items >= 1000 ? 200 : 2000;

    public static async Task<int> RunAsync()
    {
        await using (var redis = await Carts.ConnectRedisAdminAsync())
        {
            var title = $"Redis {redis.GetServer(redis.GetEndPoints()[0]).Version}: memory per stored cart";
            await PrintAsync(title, RedisMemory.Header, items => RedisMemory.MeasureAsync(redis, items, Population(items)));
        }

        await using (var dataSource = NpgsqlDataSource.Create(Carts.Postgres))
        {
            await using var version = dataSource.CreateCommand("SHOW server_version");
            var title = $"PostgreSQL {await version.ExecuteScalarAsync()}: storage per stored cart";
            await PrintAsync(title, PostgresMemory.Header, items => PostgresMemory.MeasureAsync(dataSource, items, Population(items)));
        }

        return 0;
    }

    private static async Task PrintAsync(string title, string[] header, Func<int, Task<string[]>> measure)
    {
        var rows = new List<string[]>();
        foreach (var items in Sizes)
        {
            rows.Add(await measure(items));
        }

        Console.WriteLine($"## {title} (`bash scripts/bench.sh memory`)");
        Console.WriteLine();
        Console.WriteLine(MarkdownTable.Render(header, rows));
    }
}
