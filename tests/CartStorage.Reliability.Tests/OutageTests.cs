using CartStorage.Database;
using CartStorage.PostgreSql;
using CartStorage.Redis;
using CartStorage.Sqlite;
using CartStorage.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;
using StackExchange.Redis;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// Stores that cannot be reached (issue 13), against real drivers: a database at a closed loopback port or in a
/// directory that does not exist fails with <see cref="CartStorageUnavailableException"/> carrying the driver's
/// exception and naming the cart by property only; RedLock given the nodes of one Redis Cluster refuses the
/// configuration with a message that says so, instead of failing every lock as "held by another writer".
/// </summary>
public sealed class OutageTests
{
    private const string Default = "default";

    [Fact]
    public async Task PostgreSql_at_a_closed_port_is_unavailable_with_the_drivers_exception_inside()
    {
        await using var dataSource = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={Loopback.FreePort()};Username=postgres;Database=postgres;Timeout=2");

        await AssertUnavailableAsync(Storage(dataSource, new PostgreSqlCartSqlDialect()), inner => inner.Should().BeAssignableTo<NpgsqlException>());
    }

    [Fact]
    public async Task Sqlite_in_a_directory_that_does_not_exist_is_unavailable_with_the_drivers_exception_inside()
    {
        await using var dataSource = new SqliteCartDataSource($"Data Source={Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N"), "carts.db")}");

        await AssertUnavailableAsync(Storage(dataSource, new SqliteCartSqlDialect()), inner => inner.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Be(14));
    }

    [Fact]
    public async Task A_database_error_that_is_not_an_outage_passes_unchanged()
    {
        await using var dataSource = NpgsqlDataSource.Create(TestServers.PostgresConnectionString);
        var storage = new DatabaseStorage(
            dataSource,
            new PostgreSqlCartSqlDialect(),
            MsOptions.Create(new CartStorageOptions()),
            MsOptions.Create(new CartDatabaseOptions { Table = "missing_" + Guid.NewGuid().ToString("N"), CreateTable = false }));

        await FluentActions.Awaiting(() => storage.GetAsync(CartData.NewIdentifier(), Default)).Should().ThrowExactlyAsync<PostgresException>()
            .Where(e => e.SqlState == PostgresErrorCodes.UndefinedTable);
    }

    [Fact]
    public async Task RedLock_given_the_nodes_of_one_Redis_Cluster_refuses_them_naming_the_misconfiguration()
    {
        await using var node = await RedisServerProcess.StartClusterNodeAsync();
        await using var first = await node.ConnectAsync();
        await using var second = await node.ConnectAsync();

        FluentActions.Invoking(() => new RedLockCartLockProvider([first, second]))
            .Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("Redis Cluster").And.Contain("independent Redis masters");
    }

    private static DatabaseStorage Storage(System.Data.Common.DbDataSource dataSource, CartSqlDialect dialect) =>
        new(dataSource, dialect, MsOptions.Create(new CartStorageOptions()), MsOptions.Create(new CartDatabaseOptions { Table = "carts" }));

    private static async Task AssertUnavailableAsync(DatabaseStorage storage, Action<Exception> driverException)
    {
        var id = CartData.NewIdentifier();
        foreach (var operation in new Func<Task>[]
        {
            () => storage.GetAsync(id, Default),
            () => storage.PutItemsAsync(id, Default, [CartData.Item("a")]),
            () => storage.SaveAsync(id, Default, CartSnapshot.Empty),
            () => storage.ForgetAsync(id, Default, new CartSnapshot { Id = Guid.NewGuid(), Version = 1 }.ETag),
            () => storage.GetInstancesAsync(id),
            () => storage.PurgeAsync(DateTimeOffset.UtcNow),
        })
        {
            var e = await FluentActions.Awaiting(operation).Should().ThrowExactlyAsync<CartStorageUnavailableException>();
            e.Which.Message.Should().Contain("could not be reached").And.Contain("nothing was written").And.NotContain(id);
            driverException(e.Which.InnerException!);
        }

        var aboutTheCart = await FluentActions.Awaiting(() => storage.GetAsync(id, Default)).Should().ThrowAsync<CartStorageUnavailableException>();
        (aboutTheCart.Which.Identifier, aboutTheCart.Which.Instance).Should().Be((id, Default));
    }
}
