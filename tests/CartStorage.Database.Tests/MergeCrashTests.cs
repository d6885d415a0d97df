using CartStorage.Testing;
using Npgsql;

namespace CartStorage.Database.Tests;

/// <summary>
/// A merge on PostgreSQL whose process is killed in the middle of its transaction: after it deleted the source and
/// while it waits to insert the target. The transaction rolls back (the source is back, no target), and the merge
/// called again equals one uninterrupted merge.
/// </summary>
public sealed class MergeCrashTests : IAsyncLifetime
{
    private readonly PostgreSqlTestDatabase database = new();

    public Task InitializeAsync() => database.EnsureReachableAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task A_merge_killed_between_deleting_the_source_and_writing_the_target_rolls_back_and_runs_again_once()
    {
        var storage = database.CreateStorage();
        var (guest, user) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        var (referenceGuest, referenceUser) = (CartData.NewIdentifier("guest"), CartData.NewIdentifier());
        await MergeOutcome.SeedAsync(storage, guest, user);
        await MergeOutcome.SeedAsync(storage, referenceGuest, referenceUser);
        await storage.ForgetAsync(user, "default");
        await storage.ForgetAsync(referenceUser, "default");
        var source = (await storage.GetAsync(guest, "default"))!;
        await storage.MergeIdentifierAsync(referenceGuest, referenceUser, "default");
        var uninterrupted = await MergeOutcome.ReadAsync(storage, referenceGuest, referenceUser);

        // An uncommitted row with the target's key: the worker's INSERT of the target waits for this transaction,
        // after its DELETE of the source, inside its own transaction.
        await using var blocker = await database.DataSource.OpenConnectionAsync();
        await using var blocking = await blocker.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand($"INSERT INTO \"{database.Table}\" (id, identifier, instance, items, conditions, metadata, version, created_at, updated_at) VALUES (gen_random_uuid(), @identifier, 'default', '[]', '[]', '{{}}', 1, now(), now())", (NpgsqlConnection)blocker, (NpgsqlTransaction)blocking))
        {
            insert.Parameters.AddWithValue("identifier", user);
            await insert.ExecuteNonQueryAsync();
        }

        var application = "merge-" + Guid.NewGuid().ToString("N");
        await using (var worker = StartMerge(guest, user, application))
        {
            await WaitUntilAsync($"wait_event_type = 'Lock' AND query LIKE 'INSERT INTO%'", application, worker);
            (await database.ScalarAsync($"SELECT count(*) FROM \"{database.Table}\" WHERE identifier = @guest", ("guest", guest))).Should().Be(1L, "the worker's delete is not committed");
            worker.Kill();
        }

        await blocking.RollbackAsync();
        await WaitUntilAsync("true", application, worker: null, present: false);

        (await storage.GetAsync(guest, "default")).Should().BeEquivalentTo(source, o => o.Excluding(s => s.Metadata), "the killed transaction rolled back its delete");
        (await storage.HasAsync(user, "default")).Should().BeFalse("nor did it write the target");

        await storage.MergeIdentifierAsync(guest, user, "default");
        (await MergeOutcome.ReadAsync(storage, guest, user)).Should().Be(uninterrupted);
    }

    private WorkerProcess StartMerge(string from, string to, string application) =>
        WorkerProcess.Start(
            ["merge", "--identifier", to, "--from", from],
            new Dictionary<string, string>
            {
                ["WORKER_DATABASE"] = database.Provider,
                ["Cart__Driver"] = "Database",
                ["Cart__Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = application }.ConnectionString,
                ["Cart__Database__Table"] = database.Table,

                // The table exists; creating its index would wait for the blocking transaction before the merge starts.
                ["Cart__Database__CreateTable"] = "false",
            });

    /// <summary>Waits until a backend of <paramref name="application"/> matching <paramref name="condition"/> is (or no backend of it is) in pg_stat_activity.</summary>
    private async Task WaitUntilAsync(string condition, string application, WorkerProcess? worker, bool present = true)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while ((await database.ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND {condition}", ("name", application)) is > 0L) != present)
        {
            if (worker is { Lines.Count: > 0 } || worker?.Errors.Length > 0)
            {
                throw new InvalidOperationException($"The worker finished instead of waiting: {string.Join(" | ", worker.Lines)} {worker.Errors}");
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
