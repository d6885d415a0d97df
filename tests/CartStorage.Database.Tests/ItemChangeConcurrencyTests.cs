using CartStorage.Testing;

namespace CartStorage.Database.Tests;

/// <summary>
/// Item changes on a hot cart: the statement applies each change on the latest row, so writers never conflict and never
/// lose a change, including while the cart is checked out or merged away.
/// </summary>
public abstract class ItemChangeConcurrencyTests(TestDatabase database) : DatabaseTests(database)
{
    private const int Writers = 8, ChangesPerWriter = 25;

    [Fact]
    public async Task Eight_writers_changing_one_quantity_never_conflict_and_sum_exactly_even_with_one_attempt()
    {
        var id = CartData.NewIdentifier();
        await Database.CreateStorage().AddItemAsync(id, Default, CartData.Item("a"));

        var conflicts = await ChangeConcurrentlyAsync(id);

        conflicts.Should().Be(0);
        var cart = (await Database.CreateStorage().GetAsync(id, Default))!;
        cart.Items.Single().Quantity.Should().Be(1 + (Writers * ChangesPerWriter));
        cart.Version.Should().Be(1 + (Writers * ChangesPerWriter));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_change_written_between_another_changes_read_and_write_conflicts_only_without_the_statement(bool statement)
    {
        // Deterministic interleaving: another writer's change lands just before this writer's write. The statement has
        // no earlier read to be stale; the read-modify-write of 0.3, given one attempt, conflicts.
        var id = CartData.NewIdentifier();
        await Database.CreateStorage().AddItemAsync(id, Default, CartData.Item("a"));
        await using var otherSource = Database.CreateDataSource();
        var other = Database.CreateStorage(dataSource: otherSource);
        var interleaved = 0;
        await using var inner = Database.CreateDataSource();
        await using var hooked = new CommandCountingDataSource(inner, async () =>
        {
            if (Interlocked.Increment(ref interleaved) == 1)
            {
                await other.ChangeQuantityAsync(id, Default, "a", 1);
            }
        });
        var storage = Database.CreateStorage(
            o => { o.CreateTable = false; o.Retry = new CartDatabaseRetryOptions { MaxAttempts = 1 }; },
            dataSource: hooked,
            dialect: statement ? Database.Dialect : new NoItemChangeDialect(Database.Dialect));

        var change = FluentActions.Awaiting(() => storage.ChangeQuantityAsync(id, Default, "a", 1));

        if (statement)
        {
            await change.Should().NotThrowAsync();
        }
        else
        {
            await change.Should().ThrowAsync<CartConflictException>();
        }

        interleaved.Should().Be(1);
        (await other.GetItemsAsync(id, Default)).Single().Quantity.Should().Be(statement ? 3 : 2);
    }

    [Fact]
    public async Task Adds_racing_checkouts_each_land_in_exactly_one_cart()
    {
        // Every add lands either in a cart a checkout removed (counted from the snapshot it removed by ETag) or in the
        // cart left at the end: none lost, none counted twice. Rounds until a checkout won a race against the writers
        // (on SQLite the writers can finish before the checkout loop gets a turn).
        var checkouts = 0;
        for (var round = 0; round < 20 && checkouts == 0; round++)
        {
            var id = CartData.NewIdentifier();
            var checkedOut = 0;
            var done = 0;
            await using var checkoutSource = Database.CreateDataSource();
            var shop = Database.CreateStorage(dataSource: checkoutSource);
            var checkout = Task.Run(async () =>
            {
                while (Volatile.Read(ref done) == 0)
                {
                    if (await shop.GetAsync(id, Default) is not { } cart)
                    {
                        continue;
                    }

                    try
                    {
                        await shop.ForgetAsync(id, Default, cart.ETag);
                        checkedOut += cart.Items.Sum(i => i.Quantity);
                        checkouts++;
                    }
                    catch (CartConflictException)
                    {
                    }
                }
            });

            await WithWritersAsync(4, storage => storage.AddItemAsync(id, Default, CartData.Item("a")));
            Volatile.Write(ref done, 1);
            await checkout;

            var left = (await Database.CreateStorage().GetAsync(id, Default))?.Items.Sum(i => i.Quantity) ?? 0;
            (checkedOut + left).Should().Be(4 * ChangesPerWriter);
        }

        checkouts.Should().BePositive("the race happened");
    }

    [Fact]
    public async Task Adds_racing_merges_each_land_once()
    {
        var guest = CartData.NewIdentifier("guest");
        var user = CartData.NewIdentifier();
        var merges = 0;
        var done = 0;
        await using var mergeSource = Database.CreateDataSource();
        var shop = Database.CreateStorage(o => o.Retry.MaxAttempts = 100, dataSource: mergeSource);
        var merging = Task.Run(async () =>
        {
            while (Volatile.Read(ref done) == 0)
            {
                if (await shop.MergeIdentifierAsync(guest, user, Default) is not null)
                {
                    merges++;
                }
            }
        });

        await WithWritersAsync(4, (storage, i) => storage.AddItemAsync(i % 2 == 0 ? guest : user, Default, CartData.Item("a")));
        Volatile.Write(ref done, 1);
        await merging;
        await shop.MergeIdentifierAsync(guest, user, Default);

        (await shop.GetAsync(guest, Default)).Should().BeNull();
        (await shop.GetAsync(user, Default))!.Items.Single().Quantity.Should().Be(4 * ChangesPerWriter);
        merges.Should().BePositive();
    }

    /// <summary>8 writers, each with its own connections, each adding 1 to item <c>a</c> 25 times with one attempt; the conflicts.</summary>
    private async Task<int> ChangeConcurrentlyAsync(string id)
    {
        var conflicts = 0;
        await WithWritersAsync(Writers, async (storage, _) =>
        {
            try
            {
                await storage.ChangeQuantityAsync(id, Default, "a", 1);
            }
            catch (CartConflictException)
            {
                Interlocked.Increment(ref conflicts);
            }
        });
        return conflicts;
    }

    private Task WithWritersAsync(int writers, Func<ICartStorage, Task> change) => WithWritersAsync(writers, (storage, _) => change(storage));

    /// <summary>Runs <paramref name="writers"/> writers at once, each on a data source of its own, each making <see cref="ChangesPerWriter"/> changes.</summary>
    private async Task WithWritersAsync(int writers, Func<ICartStorage, int, Task> change)
    {
        var sources = Enumerable.Range(0, writers).Select(_ => Database.CreateDataSource()).ToList();
        try
        {
            using var start = new SemaphoreSlim(0);
            var tasks = sources.Select(source => Task.Run(async () =>
            {
                var storage = Database.CreateStorage(o => o.Retry = new CartDatabaseRetryOptions { MaxAttempts = 1 }, dataSource: source);
                await start.WaitAsync();
                for (var i = 0; i < ChangesPerWriter; i++)
                {
                    await change(storage, i);
                }
            })).ToList();
            start.Release(writers);
            await Task.WhenAll(tasks);
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }
}

public sealed class SqliteItemChangeConcurrencyTests() : ItemChangeConcurrencyTests(new SqliteTestDatabase());

public sealed class PostgreSqlItemChangeConcurrencyTests() : ItemChangeConcurrencyTests(new PostgreSqlTestDatabase());
