using CartStorage.Testing;

namespace CartStorage.Database.Tests;

/// <summary>
/// The purge against writers (issue 19): the statement chooses old rows in a subquery, and the outer <c>DELETE</c>
/// re-checks the cutoff and the version chosen, so a cart written after the choice survives and is not counted.
/// </summary>
public abstract class PurgeTests(TestDatabase database) : DatabaseTests(database)
{
    /// <summary>When the old carts were written: long before any cutoff a test uses.</summary>
    protected static readonly DateTimeOffset LongAgo = new(2001, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_cart_written_after_the_cutoff_is_kept_even_when_the_selection_chose_it()
    {
        // StaleSelectionDialect's subquery chooses every row, as a selection made before the recent cart's last write
        // would have: only the outer DELETE's own check of the cutoff keeps that cart.
        var clock = new ManualTime(LongAgo);
        var writer = Database.CreateStorage(timeProvider: clock);
        await writer.PutItemsAsync("old", Default, [CartData.Item("a")]);
        clock.Now = LongAgo.AddHours(2);
        await writer.PutItemsAsync("recent", Default, [CartData.Item("a")]);
        var purger = Database.CreateStorage(dialect: new StaleSelectionDialect(Database.Dialect));

        var purged = await purger.PurgeAsync(LongAgo.AddHours(1));

        purged.Should().Be(1, "only the old cart was deleted");
        (await writer.HasAsync("old", Default)).Should().BeFalse();
        (await writer.GetItemsAsync("recent", Default)).Should().ContainSingle();
    }
}

public sealed class SqlitePurgeTests() : PurgeTests(new SqliteTestDatabase());

public sealed class PostgreSqlPurgeTests() : PurgeTests(new PostgreSqlTestDatabase())
{
    /// <summary>
    /// A second connection holds the cart's row (BEGIN; UPDATE ...) while the purge, which chose the row as old, waits
    /// for it; the writer commits. PostgreSQL then re-checks the deleted table's conditions on the new row version, never
    /// the subquery's: each write below fails one of the outer re-checks (the cutoff, the version), and the first is what
    /// DatabaseStorage itself writes.
    /// </summary>
    [Theory]
    [InlineData("updated_at = now(), version = version + 1")]
    [InlineData("updated_at = now()")]
    [InlineData("version = version + 1")]
    public async Task A_cart_written_while_the_purge_waited_for_its_row_survives_and_is_not_counted(string write)
    {
        var writer = Database.CreateStorage(timeProvider: new ManualTime(LongAgo));
        var kept = CartData.NewIdentifier();
        var old = CartData.NewIdentifier();
        await writer.PutItemsAsync(kept, Default, [CartData.Item("a")]);
        await writer.PutItemsAsync(old, Default, [CartData.Item("a")]);
        await using var probe = Database.CreateLockProbe();

        // The table exists: the purge's only lock wait is the one on the held row.
        var purger = Database.CreateStorage(o => o.CreateTable = false, dataSource: probe.DataSource, dialect: probe.Dialect);
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        (await TestDatabase.ExecuteAsync(transaction, $"UPDATE \"{Database.Table}\" SET {write} WHERE identifier = @identifier", ("identifier", kept))).Should().Be(1);

        var purge = purger.PurgeAsync(DateTimeOffset.UtcNow.AddHours(-1));
        await probe.Blocked.WaitAsync(TimeSpan.FromSeconds(30));
        await transaction.CommitAsync();

        (await purge).Should().Be(1, "the cart written while the purge waited is not counted");
        (await writer.HasAsync(old, Default)).Should().BeFalse();
        (await writer.GetItemsAsync(kept, Default)).Should().ContainSingle();
    }
}
