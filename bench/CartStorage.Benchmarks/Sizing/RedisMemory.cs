using System.Globalization;
using CartStorage.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CartStorage.Benchmarks.Sizing;

/// <summary>
/// Redis memory per stored cart of 1, 10, 100 and 1,000 items, in the current layout (the hash RedisStorage writes:
/// <c>v</c>, <c>i</c>, <c>d</c>, <c>l</c>) and in 0.2's (<c>v</c> and <c>d</c> only, planted the way RedisDeltaTests
/// plants it: the same cart with <c>i</c> and <c>l</c> deleted). Two readings: <c>MEMORY USAGE</c> of one cart's keys,
/// and <c>used_memory</c> grown by a population of carts of one identifier each (so it also counts the expiry entry,
/// the key space's own tables and the identifier's instance index).
/// </summary>
internal static class RedisMemory
{
    public static readonly string[] Header =
    [
        "items", "document `d` bytes", "`MEMORY USAGE` cart key, current (`v i d l`)", "`MEMORY USAGE` cart key, 0.2 (`v d`)",
        "`MEMORY USAGE` index key `ri`", "carts written", "`used_memory` per cart + index, current", "`used_memory` per cart + index, 0.2",
    ];

    public static async Task<string[]> MeasureAsync(ConnectionMultiplexer redis, int items, int population)
    {
        var prefix = "mem" + Guid.NewGuid().ToString("N")[..8];
        var storage = new RedisStorage(redis, Options.Create(new CartStorageOptions { KeyPrefix = prefix }), Options.Create(new CartRedisOptions()));
        var db = redis.GetDatabase();
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var cart = Carts.Snapshot(items);
        RedisKey CartKey(int i) => $"{prefix}:{{u{i}}}:r:{Carts.Instance}";
        try
        {
            var before = await UsedMemoryAsync(server);
            await Parallel.ForEachAsync(Enumerable.Range(0, population), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
                await storage.PutBothAsync("u" + i.ToString(CultureInfo.InvariantCulture), Carts.Instance, cart.Items, cart.Conditions, ct));
            var current = await UsedMemoryAsync(server);

            var fields = (await db.HashKeysAsync(CartKey(0))).Select(f => f.ToString()).Order(StringComparer.Ordinal);
            if (string.Join(' ', fields) != "d i l v")
            {
                throw new InvalidOperationException($"RedisStorage wrote the fields {string.Join(' ', fields)}, not d i l v: update this report's layouts.");
            }

            var document = await db.HashStringLengthAsync(CartKey(0), "d");
            var usageCurrent = await MemoryUsageAsync(db, CartKey(0));
            var usageIndex = await MemoryUsageAsync(db, $"{prefix}:{{u0}}:ri");
            await Parallel.ForEachAsync(Enumerable.Range(0, population), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
                await db.HashDeleteAsync(CartKey(i), ["i", "l"]));
            var old = await UsedMemoryAsync(server);
            var usageOld = await MemoryUsageAsync(db, CartKey(0));

            return
            [
                MarkdownTable.Int(items), MarkdownTable.Int(document), MarkdownTable.Int(usageCurrent), MarkdownTable.Int(usageOld),
                MarkdownTable.Int(usageIndex), MarkdownTable.Int(population),
                MarkdownTable.Int((current - before) / (double)population), MarkdownTable.Int((old - before) / (double)population),
            ];
        }
        finally
        {
            await storage.FlushAsync();
        }
    }

    private static async Task<long> MemoryUsageAsync(IDatabase db, RedisKey key) =>
        (long)await db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");

    private static async Task<long> UsedMemoryAsync(IServer server)
    {
        var memory = (await server.InfoAsync("memory")).SelectMany(g => g).Single(p => p.Key == "used_memory");
        return long.Parse(memory.Value, CultureInfo.InvariantCulture);
    }
}
