using CartStorage.Testing;

namespace CartStorage.Database.Tests;

/// <summary>
/// Separate OS processes (tests/CartStorage.Worker) hammering one cart through the public API: every acknowledged
/// increment must be in the stored cart. That the same read-modify-write without the version check loses updates is
/// shown deterministically by <see cref="DatabaseStorageTests.An_interleaved_write_is_lost_without_the_version_check_and_retried_with_it"/>.
/// </summary>
public sealed class MultiProcessTests
{
    private const int Processes = 5;
    private const int Increments = 200;

    public static TheoryData<string, bool> Modes => new()
    {
        { "sqlite", false },
        { "sqlite", true },
        { "postgresql", false },
        { "postgresql", true },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Five_processes_times_200_updates_on_one_cart_make_exactly_1000(string provider, bool lockForUpdate)
    {
        await using TestDatabase database = provider == "sqlite" ? new SqliteTestDatabase() : new PostgreSqlTestDatabase();
        if (database is PostgreSqlTestDatabase postgres)
        {
            await postgres.EnsureReachableAsync();
        }

        // The test creates the table, as a deployment would before starting its servers.
        var storage = database.CreateStorage();
        await storage.ForgetAsync("shared", "default");
        var environment = new Dictionary<string, string>
        {
            ["WORKER_DATABASE"] = database.Provider,
            ["Cart__Driver"] = "Database",
            ["Cart__Database__ConnectionString"] = database.ConnectionString,
            ["Cart__Database__Table"] = database.Table,
            ["CART_DB_LOCK_FOR_UPDATE"] = lockForUpdate ? "true" : "false",
            // The claim is "no lost update"; a generous retry budget keeps a slow machine from turning contention into errors.
            ["Cart__Database__Retry__MaxAttempts"] = "1000",
        };

        var workers = Enumerable.Range(0, Processes)
            .Select(_ => WorkerProcess.Start(["increment", "--identifier", "shared", "--count", Increments.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment))
            .ToList();
        try
        {
            await Task.WhenAll(workers.Select(w => w.WaitForExitAsync(TimeSpan.FromMinutes(5))));
            foreach (var worker in workers)
            {
                worker.ExitCode.Should().Be(0, worker.Errors);
                worker.Acknowledged.Should().Be(Increments);
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }

        var cart = (await storage.GetAsync("shared", "default"))!;
        cart.Items.Should().ContainSingle().Which.Quantity.Should().Be(Processes * Increments);
        cart.Version.Should().Be(Processes * Increments);
    }
}
