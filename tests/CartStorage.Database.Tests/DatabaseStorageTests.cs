using System.Data.Common;
using CartStorage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CartStorage.Database.Tests;

/// <summary>
/// What only the database backend promises: the version check at write time (proved against the same storage with the
/// check removed), safe first inserts, queuing writers in LockForUpdate mode, retries, purge, table handling.
/// </summary>
public abstract class DatabaseStorageTests(TestDatabase database) : DatabaseTests(database)
{
    [Fact]
    public async Task A_cart_removed_and_created_again_at_the_version_read_is_not_overwritten_by_the_stale_writer()
    {
        // Versions restart at 1 after a removal (a merge or checkout removes the guest cart, the next add creates it
        // again): a writer that read the old cart at version 1 must not write over the new cart at version 1.
        var id = CartData.NewIdentifier();
        var storage = Database.CreateStorage();
        var other = Database.CreateStorage(dataSource: Database.CreateDataSource());
        await other.PutItemsAsync(id, Default, [CartData.Item("old") with { Quantity = 5 }]);
        var calls = 0;

        var stored = await storage.UpdateAsync(id, Default, cart =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                other.ForgetAsync(id, Default).GetAwaiter().GetResult();
                other.PutItemsAsync(id, Default, [CartData.Item("new")]).GetAwaiter().GetResult();
            }

            return cart with { Items = [.. cart.Items.Select(i => i with { Quantity = i.Quantity + 1 })] };
        });

        calls.Should().Be(2, "the first write found a different cart at the same version and was retried");
        stored.Items.Should().ContainSingle().Which.Should().Match<CartItem>(i => i.Id == "new" && i.Quantity == 2);
    }

    [Theory]
    [InlineData(false, 1, 2)]
    [InlineData(true, 2, 3)]
    public async Task An_interleaved_write_is_lost_without_the_version_check_and_retried_with_it(bool checkVersion, int expectedCalls, int expectedQuantity)
    {
        // Without the check (the naive read-then-overwrite) the harness loses the other writer's increment: the
        // interleaving is real. With it, the first write finds version 2 instead of the 1 it read and mutate runs again.
        var id = CartData.NewIdentifier();
        var storage = Database.CreateStorage(dialect: checkVersion ? Database.Dialect : new UncheckedDialect(Database.Dialect));
        var other = Database.CreateStorage(dataSource: Database.CreateDataSource());
        await other.PutItemsAsync(id, Default, [CartData.Item("sku")]);

        var calls = await IncrementWhileAnotherWriterIncrementsAsync(storage, other, id);

        calls.Should().Be(expectedCalls);
        (await other.GetItemsAsync(id, Default)).Single().Quantity.Should().Be(expectedQuantity);
    }

    [Fact]
    public async Task Two_first_time_writers_end_in_a_retry_not_a_unique_key_error()
    {
        var id = CartData.NewIdentifier();
        var storage = Database.CreateStorage();
        var other = Database.CreateStorage(dataSource: Database.CreateDataSource());
        var calls = 0;

        var stored = await storage.UpdateAsync(id, Default, cart =>
        {
            if (calls++ == 0)
            {
                // Creates the cart after this writer saw it missing: its INSERT now meets an existing row.
                other.PutItemsAsync(id, Default, [CartData.Item("theirs")]).GetAwaiter().GetResult();
            }

            return cart with { Items = [.. cart.Items, CartData.Item("mine")] };
        });

        calls.Should().Be(2);
        stored.Items.Select(i => i.Id).Should().Equal("theirs", "mine");
        stored.Version.Should().Be(2);
        (await other.GetAsync(id, Default)).Should().BeEquivalentTo(stored);
    }

    [Fact]
    public async Task Writers_racing_to_create_one_cart_all_land()
    {
        var id = CartData.NewIdentifier();
        var writers = Enumerable.Range(0, 8).Select(_ => Database.CreateDataSource()).ToList();
        try
        {
            await Task.WhenAll(writers.Select((dataSource, i) => Task.Run(() =>
                Database.CreateStorage(configure: o => o.Retry.MaxAttempts = 100, dataSource: dataSource)
                    .UpdateAsync(id, Default, cart => cart with { Items = [.. cart.Items, CartData.Item("w" + i)] }))));
        }
        finally
        {
            foreach (var dataSource in writers)
            {
                await dataSource.DisposeAsync();
            }
        }

        var cart = (await Database.CreateStorage().GetAsync(id, Default))!;
        cart.Items.Select(i => i.Id).Should().BeEquivalentTo(Enumerable.Range(0, 8).Select(i => "w" + i));
        cart.Version.Should().Be(8);
    }

    [Fact]
    public async Task Concurrent_metadata_writes_on_different_keys_keep_every_key()
    {
        var id = CartData.NewIdentifier();
        await using var second = Database.CreateDataSource();
        var storages = new[] { Database.CreateStorage(o => o.Retry.MaxAttempts = 100), Database.CreateStorage(o => o.Retry.MaxAttempts = 100, dataSource: second) };

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            storages[i % 2].PutMetadataAsync(id, Default, "key" + i, CartData.Json(i.ToString(System.Globalization.CultureInfo.InvariantCulture))))));

        var metadata = await storages[0].GetAllMetadataAsync(id, Default);
        metadata.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 12).Select(i => "key" + i));
        (await storages[0].GetVersionAsync(id, Default)).Should().Be(12);
    }

    [Fact]
    public async Task An_update_that_keeps_conflicting_gives_up_after_MaxAttempts_with_the_versions()
    {
        var id = CartData.NewIdentifier();
        var storage = Database.CreateStorage(o => o.Retry = new CartDatabaseRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero });
        var other = Database.CreateStorage(dataSource: Database.CreateDataSource());
        await other.PutItemsAsync(id, Default, [CartData.Item("sku")]);
        var calls = 0;

        var conflict = await FluentActions.Awaiting(() => storage.UpdateAsync(id, Default, cart =>
            {
                calls++;
                other.UpdateAsync(id, Default, c => Increment(c, "theirs")).GetAwaiter().GetResult();
                return Increment(cart, "mine");
            }))
            .Should().ThrowAsync<CartConflictException>();

        calls.Should().Be(3);
        conflict.Which.ExpectedVersion.Should().Be(3);
        conflict.Which.ActualVersion.Should().Be(4);
        (await other.GetItemsAsync(id, Default)).Select(i => i.Id).Should().Equal("sku", "theirs");
    }

    [Fact]
    public async Task LockForUpdate_makes_a_second_writer_wait_instead_of_conflicting()
    {
        var id = CartData.NewIdentifier();
        await using var probe = Database.CreateLockProbe();
        var first = Database.CreateStorage(lockForUpdate: true);
        await first.PutItemsAsync(id, Default, [CartData.Item("sku")]);
        // The table exists: the waiter's only transaction is its update's.
        var waiter = Database.CreateStorage(o => o.CreateTable = false, lockForUpdate: true, dataSource: probe.DataSource, dialect: probe.Dialect);
        int firstCalls = 0, waiterCalls = 0;
        Task<CartSnapshot>? waiting = null;

        await first.UpdateAsync(id, Default, cart =>
        {
            firstCalls++;
            waiting = Task.Run(() => waiter.UpdateAsync(id, Default, c =>
            {
                waiterCalls++;
                return Increment(c, "sku");
            }));

            // Without the lock the other writer never waits for one, and this times out.
            probe.Blocked.WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            return Increment(cart, "sku");
        });
        var final = await waiting!;

        firstCalls.Should().Be(1);
        waiterCalls.Should().Be(1, "the waiting writer read the cart only after the first one committed");
        final.Items.Single().Quantity.Should().Be(3);
        final.Version.Should().Be(3);
    }

    public static TheoryData<string> HostileTableNames => new()
    {
        "carts; DROP TABLE carts; --", "carts\"", "\"carts\"", "a.b.c", "1carts", "", " ", "ca rts", "carts--", "cärts", "carts.", ".carts",
        new string('a', CartTableName.MaxLength + 1),
    };

    [Theory]
    [MemberData(nameof(HostileTableNames))]
    public async Task A_hostile_table_name_is_refused_before_any_sql_runs(string table)
    {
        var options = new CartDatabaseOptions { Table = table };

        FluentActions.Invoking(() => Database.CreateStorage(options)).Should().Throw<ArgumentException>().WithMessage("*Cart:Database:Table*");
        await using var provider = new ServiceCollection()
            .AddCartStorage(_ => { })
            .AddDatabase(Database.Dialect, _ => Database.DataSource, o => o.Table = table)
            .Services.BuildServiceProvider();
        FluentActions.Invoking(() => provider.GetRequiredService<IOptions<CartDatabaseOptions>>().Value)
            .Should().Throw<OptionsValidationException>().WithMessage("*Cart:Database:Table*");
        (await Database.TableExistsAsync("carts")).Should().BeFalse();
    }

    [Fact]
    public async Task Identifiers_with_quotes_and_sql_fragments_are_stored_verbatim_as_values()
    {
        var storage = Database.CreateStorage();
        var identifier = "x'); DELETE FROM \"" + Database.Table + "\"; --";
        await storage.PutItemsAsync("keep", Default, [CartData.Item("a")]);

        await storage.PutItemsAsync(identifier, "' OR '1'='1", [CartData.Item("b")]);

        (await storage.GetInstancesAsync(identifier)).Should().Equal("' OR '1'='1");
        (await storage.HasAsync("keep", Default)).Should().BeTrue();
        Convert.ToInt64(await Database.ScalarAsync($"SELECT count(*) FROM \"{Database.Table}\" WHERE identifier = @identifier AND instance = @instance", ("identifier", identifier), ("instance", "' OR '1'='1")))
            .Should().Be(1);
        Convert.ToInt64(await Database.ScalarAsync($"SELECT count(*) FROM \"{Database.Table}\"")).Should().Be(2);
    }

    [Fact]
    public async Task A_row_with_a_version_below_one_is_corruption()
    {
        var storage = Database.CreateStorage();
        var id = CartData.NewIdentifier();
        await storage.PutItemsAsync(id, Default, [CartData.Item("a")]);
        await Database.ExecuteAsync($"UPDATE \"{Database.Table}\" SET version = 0");

        await FluentActions.Awaiting(() => storage.GetAsync(id, Default)).Should().ThrowAsync<CartDataCorruptedException>().WithMessage("*version 0*");
        await FluentActions.Awaiting(() => storage.PutItemsAsync(id, Default, [CartData.Item("b")])).Should().ThrowAsync<CartDataCorruptedException>();
    }

    [Fact]
    public async Task Flush_deletes_only_the_rows_of_its_own_table()
    {
        var mine = Database.CreateStorage();
        var otherTable = "t_" + Guid.NewGuid().ToString("N");
        var theirs = Database.CreateStorage(o => o.Table = otherTable);
        try
        {
            await mine.PutItemsAsync("u", Default, [CartData.Item("a")]);
            await theirs.PutItemsAsync("u", Default, [CartData.Item("keep")]);

            await mine.FlushAsync();

            (await mine.HasAsync("u", Default)).Should().BeFalse();
            (await theirs.GetItemsAsync("u", Default)).Select(i => i.Id).Should().Equal("keep");
            (await Database.TableExistsAsync(Database.Table)).Should().BeTrue();
        }
        finally
        {
            await Database.ExecuteAsync($"DROP TABLE IF EXISTS \"{otherTable}\"");
        }
    }

    [Fact]
    public async Task Purge_deletes_carts_not_written_since_the_cutoff_in_batches()
    {
        var start = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualTime(start);
        var storage = Database.CreateStorage(o => o.Purge.BatchSize = 2, timeProvider: clock);
        for (var i = 0; i < 5; i++)
        {
            await storage.PutItemsAsync("old" + i, Default, [CartData.Item("a")]);
        }

        clock.Now = start.AddHours(2);
        await storage.PutItemsAsync("recent", Default, [CartData.Item("a")]);
        await storage.PutItemsAsync("old0", "touched", [CartData.Item("a")]);

        var purged = await storage.PurgeAsync(start.AddHours(1).ToOffset(TimeSpan.FromHours(5)));

        purged.Should().Be(5);
        (await storage.HasAsync("old3", Default)).Should().BeFalse();
        (await storage.HasAsync("recent", Default)).Should().BeTrue();
        (await storage.GetInstancesAsync("old0")).Should().Equal("touched");
        (await storage.PurgeAsync(start.AddHours(1))).Should().Be(0);
    }

    [Fact]
    public async Task The_purge_service_purges_on_its_schedule_when_enabled()
    {
        var start = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualTime(start);
        var options = new CartDatabaseOptions { Table = Database.Table, Purge = { Enabled = true, Interval = TimeSpan.FromMilliseconds(20), Retention = TimeSpan.FromHours(1) } };
        var storage = Database.CreateStorage(options, clock);
        await storage.PutItemsAsync("old", Default, [CartData.Item("a")]);
        clock.Now = start.AddHours(2);
        await storage.PutItemsAsync("recent", Default, [CartData.Item("a")]);
        await using var services = new ServiceCollection().AddSingleton(storage).BuildServiceProvider();
        using var service = new CartPurgeService(services, Options.Create(options), timeProvider: clock);

        await service.StartAsync(CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await storage.HasAsync("old", Default))
        {
            await Task.Delay(20, deadline.Token);
        }

        await service.StopAsync(CancellationToken.None);
        (await storage.HasAsync("recent", Default)).Should().BeTrue();
    }

    [Fact]
    public async Task The_purge_service_does_nothing_unless_enabled()
    {
        var options = new CartDatabaseOptions { Table = Database.Table };
        await using var services = new ServiceCollection().BuildServiceProvider();
        using var service = new CartPurgeService(services, Options.Create(options));

        await service.StartAsync(CancellationToken.None);

        // Returns at once instead of looping (a running purge loop would never complete this task).
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task With_CreateTable_off_the_storage_never_creates_the_table()
    {
        var storage = Database.CreateStorage(o => o.CreateTable = false);

        await FluentActions.Awaiting(() => storage.GetAsync("u", Default)).Should().ThrowAsync<DbException>();

        (await Database.TableExistsAsync(Database.Table)).Should().BeFalse();
    }

    [Fact]
    public async Task The_table_is_created_once_with_its_purge_index()
    {
        await Database.CreateStorage().PutItemsAsync("u", Default, [CartData.Item("a")]);
        await Database.CreateStorage().PutItemsAsync("v", Default, [CartData.Item("a")]);

        (await Database.TableExistsAsync(Database.Table)).Should().BeTrue();
        (await IndexExistsAsync("ix_" + Database.Table + "_updated_at")).Should().BeTrue();
    }

    protected abstract Task<bool> IndexExistsAsync(string index);

    protected static CartSnapshot Increment(CartSnapshot cart, string itemId) =>
        cart.Items.Any(i => i.Id == itemId)
            ? cart with { Items = [.. cart.Items.Select(i => i.Id == itemId ? i with { Quantity = i.Quantity + 1 } : i)] }
            : cart with { Items = [.. cart.Items, CartData.Item(itemId)] };

    /// <summary>
    /// <paramref name="storage"/> increments the item; between its read and its write, <paramref name="other"/>
    /// increments it too. Returns how many times <paramref name="storage"/>'s mutate ran.
    /// </summary>
    private static async Task<int> IncrementWhileAnotherWriterIncrementsAsync(DatabaseStorage storage, DatabaseStorage other, string id)
    {
        var calls = 0;
        await storage.UpdateAsync(id, Default, cart =>
        {
            if (calls++ == 0)
            {
                other.UpdateAsync(id, Default, c => Increment(c, "sku")).GetAwaiter().GetResult();
            }

            return Increment(cart, "sku");
        });
        return calls;
    }
}

public sealed class SqliteDatabaseStorageTests() : DatabaseStorageTests(new SqliteTestDatabase())
{
    [Theory]
    [InlineData("id", "'not-a-guid'")]
    [InlineData("created_at", "'yesterday'")]
    [InlineData("version", "'many'")]
    public async Task A_row_with_an_unreadable_column_is_corruption(string column, string value)
    {
        var storage = Database.CreateStorage();
        await storage.PutItemsAsync("u", Default, [CartData.Item("a")]);
        await Database.ExecuteAsync($"UPDATE \"{Database.Table}\" SET {column} = {value}");

        await FluentActions.Awaiting(() => storage.GetAsync("u", Default)).Should().ThrowAsync<CartDataCorruptedException>();
    }

    [Fact]
    public async Task The_database_is_switched_to_write_ahead_logging()
    {
        await Database.CreateStorage().PutItemsAsync("u", Default, [CartData.Item("a")]);

        (await Database.ScalarAsync("PRAGMA journal_mode")).Should().Be("wal");
    }

    [Fact]
    public async Task A_schema_qualified_table_works()
    {
        var storage = Database.CreateStorage(o => o.Table = "main." + Database.Table);

        await storage.PutItemsAsync("u", Default, [CartData.Item("a")]);

        (await storage.GetItemsAsync("u", Default)).Should().ContainSingle();
        (await IndexExistsAsync("ix_" + Database.Table + "_updated_at")).Should().BeTrue();
    }

    protected override async Task<bool> IndexExistsAsync(string index) =>
        Convert.ToInt64(await Database.ScalarAsync($"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '{index}'")) == 1;
}

public sealed class PostgreSqlDatabaseStorageTests() : DatabaseStorageTests(new PostgreSqlTestDatabase())
{
    [Fact]
    public async Task Json_is_stored_as_jsonb_and_ids_as_uuid()
    {
        await Database.CreateStorage().PutItemsAsync("u", Default, [CartData.Item("a")]);

        (await Database.ScalarAsync($"SELECT pg_typeof(items)::text || ',' || pg_typeof(metadata)::text || ',' || pg_typeof(id)::text FROM \"{Database.Table}\""))
            .Should().Be("jsonb,jsonb,uuid");
        (await Database.ScalarAsync($"SELECT items -> 0 ->> 'id' FROM \"{Database.Table}\"")).Should().Be("a");
    }

    [Fact]
    public async Task A_schema_qualified_table_works()
    {
        var schema = "s_" + Guid.NewGuid().ToString("N");
        await Database.ExecuteAsync($"CREATE SCHEMA \"{schema}\"");
        try
        {
            var storage = Database.CreateStorage(o => o.Table = schema + "." + Database.Table);

            await storage.PutItemsAsync("u", Default, [CartData.Item("a")]);

            (await storage.GetItemsAsync("u", Default)).Should().ContainSingle();
            (await Database.TableExistsAsync(Database.Table)).Should().BeFalse("the table is in the schema, not in public");
            (await Database.ScalarAsync($"SELECT count(*) FROM \"{schema}\".\"{Database.Table}\"")).Should().Be(1L);
        }
        finally
        {
            await Database.ExecuteAsync($"DROP SCHEMA \"{schema}\" CASCADE");
        }
    }

    protected override async Task<bool> IndexExistsAsync(string index) =>
        await Database.ScalarAsync($"SELECT to_regclass('\"{index}\"') IS NOT NULL") is true;
}
