using CartStorage.Testing;
using Npgsql;

namespace CartStorage.Database.Tests;

/// <summary>
/// What <see cref="CartStorageUnavailableException"/> tells the caller (issue 19): a connection lost before the change
/// was sent means nothing was written; lost after, the change may have been written and the cart must be read again.
/// The connection is ended by <c>pg_terminate_backend</c> while the writer waits on a row another connection holds, so
/// the phase it fails in is known without timing.
/// </summary>
public sealed class PostgreSqlUnavailableMessageTests : IAsyncLifetime
{
    private const string Default = "default";
    private readonly PostgreSqlTestDatabase database = new();

    public Task InitializeAsync() => database.EnsureReachableAsync();

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Theory]
    [InlineData(false, "the change may have been written", "waits in its UPDATE: the change was sent")]
    [InlineData(true, "nothing was written", "waits in SELECT ... FOR UPDATE: no change was sent yet")]
    public async Task A_write_whose_connection_ends_says_whether_the_change_may_have_been_written(bool lockForUpdate, string expected, string because)
    {
        var id = CartData.NewIdentifier();
        await database.CreateStorage().PutItemsAsync(id, Default, [CartData.Item("a")]);
        await using var probe = database.CreateLockProbe();
        var writer = database.CreateStorage(o => o.CreateTable = false, lockForUpdate, dataSource: probe.DataSource, dialect: probe.Dialect);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await TestDatabase.ExecuteAsync(transaction, $"SELECT 1 FROM \"{database.Table}\" WHERE identifier = @identifier FOR UPDATE", ("identifier", id));

        var write = writer.PutItemsAsync(id, Default, [CartData.Item("b")]);
        await probe.Blocked.WaitAsync(TimeSpan.FromSeconds(30));
        (await database.TerminateLockWaitersAsync(probe)).Should().Be(1);

        var unavailable = (await FluentActions.Awaiting(() => write).Should().ThrowExactlyAsync<CartStorageUnavailableException>()).Which;
        unavailable.Message.Should().Contain(expected, because).And.NotContain(id).And.NotContain(database.ConnectionString);
        unavailable.InnerException.Should().BeOfType<PostgresException>().Which.SqlState.Should().Be(PostgresErrorCodes.AdminShutdown);
        (unavailable.Identifier, unavailable.Instance).Should().Be((id, Default));
        await transaction.RollbackAsync();
        (await database.CreateStorage().GetItemsAsync(id, Default)).Select(i => i.Id).Should().Equal(["a"], "the server rolled the ended connection's work back");
    }
}
