using CartStorage.Testing;

namespace CartStorage.Database.Tests;

/// <summary>The contract suite on <see cref="DatabaseStorage"/>: one table per test, so parallel classes never interfere.</summary>
public abstract class DatabaseContractTests : CartStorageContractTests
{
    private readonly TestDatabase database;

    protected DatabaseContractTests(TestDatabase database, bool lockForUpdate)
    {
        this.database = database;
        DatabaseOptions = new CartDatabaseOptions { Table = database.Table, LockForUpdate = lockForUpdate };
    }

    /// <summary>The <c>Cart:Database</c> options of every storage of this test.</summary>
    protected CartDatabaseOptions DatabaseOptions { get; }

    public override async Task InitializeAsync()
    {
        if (database is PostgreSqlTestDatabase postgres)
        {
            await postgres.EnsureReachableAsync();
        }

        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    protected override Task<ICartStorage> CreateStorageAsync(CartStorageOptions options) =>
        Task.FromResult<ICartStorage>(database.CreateStorage(options, DatabaseOptions));

    protected override Task StoreRawAsync(string identifier, string instance, string raw) =>
        database.StoreRawAsync(identifier, instance, raw);

    [Fact]
    public void The_database_storage_says_the_store_enforces_the_version_check()
    {
        Storage.Capabilities.Should().Be(new CartStorageCapabilities("database", SafeAcrossServers: true, StoreEnforcedVersionCheck: true, Locking: DatabaseOptions.LockForUpdate));
    }
}

public sealed class SqliteContractTests() : DatabaseContractTests(new SqliteTestDatabase(), lockForUpdate: false);

public sealed class SqliteLockForUpdateContractTests() : DatabaseContractTests(new SqliteTestDatabase(), lockForUpdate: true);

public sealed class PostgreSqlContractTests() : DatabaseContractTests(new PostgreSqlTestDatabase(), lockForUpdate: false);

public sealed class PostgreSqlLockForUpdateContractTests() : DatabaseContractTests(new PostgreSqlTestDatabase(), lockForUpdate: true);
