using CartStorage.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Benchmarks.Sizing;

/// <summary>
/// RedisStorage on one Redis server (one primary): operations per second, Redis commands per second, and the server's
/// own CPU (<c>INFO cpu</c> before and after), so operations per server CPU-second, for the delta, the update and the read.
/// </summary>
internal static class RedisThroughput
{
    public static readonly string[] Header =
    [
        "operation", "commands sent per op", "operations", "ops/s", "commands sent/s", "Redis CPU s (`INFO cpu`)", "Redis CPU busy",
        "**ops per Redis CPU-second**", "commands sent per Redis CPU-second", "commands run per op (`total_commands_processed`: a script's calls count)",
        "µs inside the sent commands per op (`INFO commandstats`)", "client CPU ms per op",
    ];

    public static async Task<IReadOnlyList<string[]>> MeasureAsync(ConnectionMultiplexer redis, LoadSettings settings)
    {
        var prefix = "tp" + Guid.NewGuid().ToString("N")[..8];
        var storage = new RedisStorage(redis, Options.Create(new CartStorageOptions { KeyPrefix = prefix, Limits = { MaxItemQuantity = int.MaxValue } }), Options.Create(new CartRedisOptions()));
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        (string Name, string[] Commands, Func<string, Task> Operation)[] operations =
        [
            ("`AddItemAsync` (delta)", ["evalsha"], id => storage.AddItemAsync(id, Carts.Instance, Carts.OneMoreFirst)),
            ("`UpdateAsync` (read-modify-write)", ["hmget", "exists", "evalsha"], id => storage.UpdateAsync(id, Carts.Instance, Carts.IncrementFirst)),
            ("`GetAsync` (read)", ["hmget", "exists"], id => storage.GetAsync(id, Carts.Instance)),
        ];
        try
        {
            await LoadLoop.PopulateAsync(storage, settings.Carts, settings.Items);
            var rows = new List<string[]>();
            foreach (var (name, commands, operation) in operations)
            {
                await LoadLoop.RunAsync(operation, settings.Carts, settings.Concurrency, LoadSettings.WarmUp);
                var before = await ServerCpu.RedisAsync(server);
                var load = await LoadLoop.RunAsync(operation, settings.Carts, settings.Concurrency, settings.Duration);
                var after = await ServerCpu.RedisAsync(server);
                var cpu = after.CpuSeconds - before.CpuSeconds;
                rows.Add(
                [
                    name, string.Join(" + ", commands.Select(c => c.ToUpperInvariant())), MarkdownTable.Int(load.Ops), MarkdownTable.Int(load.OpsPerSecond),
                    MarkdownTable.Int(load.OpsPerSecond * commands.Length), MarkdownTable.Num(cpu), $"{cpu / load.WallSeconds:P0}",
                    $"**{MarkdownTable.Int(load.Ops / cpu)}**", MarkdownTable.Int(load.Ops * commands.Length / cpu),
                    MarkdownTable.Num((after.Commands - before.Commands) / (double)load.Ops, 1),
                    MarkdownTable.Num(after.UsecSince(before, commands) / (double)load.Ops, 1), load.ClientCpuMsPerOp,
                ]);
            }

            return rows;
        }
        finally
        {
            await storage.FlushAsync();
        }
    }
}
