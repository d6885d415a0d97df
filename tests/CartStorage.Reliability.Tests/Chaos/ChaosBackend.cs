using CartStorage.Database;
using CartStorage.PostgreSql;
using CartStorage.Redis;
using CartStorage.Sqlite;
using CartStorage.Testing;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Npgsql;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// A backend under the history checker: a storage over the test run's real servers (scripts/test.sh), built over the
/// fault-injecting seams (<see cref="FaultyRedis"/>, <see cref="FaultyCache"/> and <see cref="FaultyLocks"/>,
/// <see cref="FaultyDataSource"/>, <see cref="FaultySqliteDataSource"/>), with a key prefix or table of its own.
/// </summary>
internal sealed class ChaosBackend(string name, ICartStorage storage, Func<ValueTask> dispose) : IAsyncDisposable
{
    public string Name => name;

    public ICartStorage Storage => storage;

    public static IReadOnlyList<string> Names { get; } = ["sqlite", "postgresql", "redis", "redis-cluster", "redis-cache-redlock", "redis-cache-unlocked"];

    /// <summary>The backend, warmed up without faults (a database table is created by the first call).</summary>
    public static async Task<ChaosBackend> CreateAsync(string name)
    {
        var backend = await CreateColdAsync(name);
        await backend.Storage.GetAsync("chaos-warm-up", "a");
        return backend;
    }

    private static Task<ChaosBackend> CreateColdAsync(string name) => name switch
    {
        "sqlite" => Task.FromResult(Sqlite()),
        "postgresql" => PostgreSqlAsync(),
        "redis" => RedisStorageAsync(name, TestServers.RedisAsync()),
        "redis-cluster" => RedisStorageAsync(name, TestServers.RedisClusterAsync()),
        "redis-cache-redlock" => RedisCacheAsync(name, locking: true),
        "redis-cache-unlocked" => RedisCacheAsync(name, locking: false),
        _ => throw new ArgumentException($"Unknown chaos backend '{name}'; one of {string.Join(", ", Names)}.", nameof(name)),
    };

    public ValueTask DisposeAsync() => dispose();

    private static CartStorageOptions Options(bool locking = false)
    {
        var options = new CartStorageOptions { KeyPrefix = "chaos" + Guid.NewGuid().ToString("N")[..12] };
        options.Cache.UseLocking = locking;
        return options;
    }

    private static CartDatabaseOptions Table() => new() { Table = "chaos_" + Guid.NewGuid().ToString("N") };

    private static ChaosBackend Sqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cart-chaos-tests");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".db");
        var dataSource = new FaultySqliteDataSource($"Data Source={file}");
        var storage = new DatabaseStorage(dataSource, new SqliteCartSqlDialect(), MsOptions.Create(Options()), MsOptions.Create(Table()));
        return new ChaosBackend("sqlite", storage, async () =>
        {
            await dataSource.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        });
    }

    private static Task<ChaosBackend> PostgreSqlAsync()
    {
        var inner = NpgsqlDataSource.Create(TestServers.PostgresConnectionString);
        var dataSource = new FaultyDataSource(inner, when => new NpgsqlException($"Injected: connection lost {when}", new IOException("injected")));
        var table = Table();
        var storage = new DatabaseStorage(dataSource, new PostgreSqlCartSqlDialect(), MsOptions.Create(Options()), MsOptions.Create(table));
        return Task.FromResult(new ChaosBackend("postgresql", storage, async () =>
        {
            await using (var connection = await inner.OpenConnectionAsync())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"DROP TABLE IF EXISTS \"{table.Table}\"";
                await command.ExecuteNonQueryAsync();
            }

            await inner.DisposeAsync();
        }));
    }

    private static async Task<ChaosBackend> RedisStorageAsync(string name, Task<StackExchange.Redis.IConnectionMultiplexer> connect)
    {
        var storage = new RedisStorage(FaultyRedis.Wrap(await connect), MsOptions.Create(Options()), MsOptions.Create(new CartRedisOptions()));
        return new ChaosBackend(name, storage, () => ValueTask.CompletedTask);
    }

    private static async Task<ChaosBackend> RedisCacheAsync(string name, bool locking)
    {
        var redis = await TestServers.RedisAsync();
        // Not disposed: RedisCache.Dispose would close the shared multiplexer.
        var cache = new FaultyCache(new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) }));
        var locks = locking ? new FaultyLocks(new RedLockCartLockProvider([redis])) : null;
        return new ChaosBackend(name, new CacheStorage(cache, MsOptions.Create(Options(locking)), locks), () => ValueTask.CompletedTask);
    }
}
