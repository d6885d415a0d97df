using CartStorage.Database;
using System.Data.Common;
using CartStorage.PostgreSql;
using CartStorage.Redis;
using CartStorage.Sqlite;
using CartStorage.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Npgsql;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// One backend of the model and catalogue tests, over the real servers of the test run (scripts/test.sh): builds
/// storages over one underlying store and plants raw stored data, bypassing the library.
/// </summary>
public abstract class TestBackend : IAsyncDisposable
{
    public abstract string Name { get; }

    /// <summary>Options for this backend: a key prefix and a table of its own.</summary>
    public CartStorageOptions Options(Action<CartStorageOptions>? configure = null)
    {
        var options = new CartStorageOptions { KeyPrefix = Prefix };
        options.Cache.UseLocking = Locks is not null;
        configure?.Invoke(options);
        return options;
    }

    public abstract ICartStorage Create(CartStorageOptions options);

    public ICartStorage Create() => Create(Options());

    /// <summary>Replaces the stored data of an existing cart with <paramref name="raw"/>.</summary>
    public abstract Task StoreRawAsync(string identifier, string instance, string raw);

    public override string ToString() => Name;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected string Prefix { get; } = "r" + Guid.NewGuid().ToString("N")[..12];

    protected string Table { get; } = "r_" + Guid.NewGuid().ToString("N");

    protected virtual bool LockForUpdate => false;

    protected virtual ICartLockProvider? Locks => null;

    public static TestBackend MemoryCache() => new CacheBackend("memory cache", new MemoryDistributedCache(MsOptions.Create(new MemoryDistributedCacheOptions())), null);

    public static async Task<TestBackend> RedisCacheAsync(bool locking)
    {
        var redis = await TestServers.RedisAsync();
        // Not disposed: RedisCache.Dispose would close the shared multiplexer.
        var cache = new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) });
        return new CacheBackend(locking ? "redis cache + RedLock" : "redis cache", cache, locking ? new RedLockCartLockProvider([redis]) : null);
    }

    public static TestBackend Sqlite(bool lockForUpdate) => new SqliteBackend(lockForUpdate);

    public static async Task<TestBackend> PostgreSqlAsync(bool lockForUpdate)
    {
        var dataSource = NpgsqlDataSource.Create(TestServers.PostgresConnectionString);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
        }
        catch (NpgsqlException e)
        {
            await dataSource.DisposeAsync();
            throw new InvalidOperationException(
                $"These tests need a real PostgreSQL server at '{TestServers.PostgresConnectionString}' (env CART_TEST_POSTGRES). Run them with 'bash scripts/test.sh', which starts a throwaway PostgreSQL 15 cluster.",
                e);
        }

        return new DatabaseBackend(lockForUpdate ? "postgresql LockForUpdate" : "postgresql", dataSource, new PostgreSqlCartSqlDialect(), lockForUpdate, "CAST(@raw AS jsonb)");
    }

    private sealed class CacheBackend(string name, IDistributedCache cache, ICartLockProvider? locks) : TestBackend
    {
        public override string Name => name;

        protected override ICartLockProvider? Locks => locks;

        public override ICartStorage Create(CartStorageOptions options) => new CacheStorage(cache, MsOptions.Create(options), locks);

        public override Task StoreRawAsync(string identifier, string instance, string raw) =>
            cache.SetStringAsync(new CacheKeys(Prefix).Cart(new CartKey(identifier, instance)), raw);
    }

    private class DatabaseBackend(string name, DbDataSource dataSource, CartSqlDialect dialect, bool lockForUpdate, string rawParameter) : TestBackend
    {
        public override string Name => name;

        protected override bool LockForUpdate => lockForUpdate;

        public override ICartStorage Create(CartStorageOptions options) =>
            new DatabaseStorage(dataSource, dialect, MsOptions.Create(options), MsOptions.Create(new CartDatabaseOptions { Table = Table, LockForUpdate = LockForUpdate }));

        /// <summary>Replaces items, conditions and metadata with <paramref name="raw"/> (PostgreSQL: only valid JSON fits a jsonb column).</summary>
        public override async Task StoreRawAsync(string identifier, string instance, string raw)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE \"{Table}\" SET items = {rawParameter}, conditions = {rawParameter}, metadata = {rawParameter} WHERE identifier = @identifier AND instance = @instance";
            foreach (var (parameterName, value) in new[] { ("raw", raw), ("identifier", identifier), ("instance", instance) })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = parameterName;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            (await command.ExecuteNonQueryAsync()).Should().Be(1, "the cart to corrupt must exist");
        }

        public override async ValueTask DisposeAsync()
        {
            await using (var connection = await dataSource.OpenConnectionAsync())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"DROP TABLE IF EXISTS \"{Table}\"";
                await command.ExecuteNonQueryAsync();
            }

            await dataSource.DisposeAsync();
        }
    }

    private sealed class SqliteBackend : DatabaseBackend
    {
        private static readonly string Directory = Path.Combine(Path.GetTempPath(), "cart-reliability-tests");

        public SqliteBackend(bool lockForUpdate)
            : this(Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".db"), lockForUpdate)
        {
        }

        private SqliteBackend(string file, bool lockForUpdate)
            : base(lockForUpdate ? "sqlite LockForUpdate" : "sqlite", Created(file), new SqliteCartSqlDialect(), lockForUpdate, "@raw") => File = file;

        private string File { get; }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            System.IO.File.Delete(File);
        }

        private static SqliteCartDataSource Created(string file)
        {
            System.IO.Directory.CreateDirectory(Directory);
            return new SqliteCartDataSource($"Data Source={file}");
        }
    }
}
