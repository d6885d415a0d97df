using CartStorage.Database;
using CartStorage.PostgreSql;
using CartStorage.Redis;
using CartStorage.Testing;
using Npgsql;
using Xunit.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// The multi-process variant of the history checker: each client of a history is a CartStorage.Worker process
/// ("chaos" command) configured as an application would be; once all are running, one or two of them, chosen from the
/// seed, are killed (SIGKILL) after a delay from the seed. Each process journals its calls (<see cref="ChaosJournal"/>),
/// so the call a killed process was in is indeterminate; the survivors run to the end. Then the same checker runs on
/// the joined history. Histories: env <c>CART_CHAOS_PROCESS_HISTORIES</c>, default <see cref="DefaultHistories"/>.
/// </summary>
public sealed class ChaosProcessTests(ITestOutputHelper output)
{
    public const int DefaultHistories = 2;
    private const int Operations = 15;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("redis")]
    [InlineData("postgresql")]
    public async Task Client_processes_killed_mid_call_leave_histories_that_keep_the_invariants(string backend)
    {
        var prefix = "chaosp" + Guid.NewGuid().ToString("N")[..12];
        var table = "chaosp_" + Guid.NewGuid().ToString("N");
        await using var dataSource = NpgsqlDataSource.Create(TestServers.PostgresConnectionString);
        var (storage, environment) = backend == "redis"
            ? ((ICartStorage)new RedisStorage(await TestServers.RedisAsync(), MsOptions.Create(new CartStorageOptions { KeyPrefix = prefix }), MsOptions.Create(new CartRedisOptions())),
                new Dictionary<string, string> { ["CART_STORAGE_DRIVER"] = "Redis", ["Cart__Redis__Configuration"] = TestServers.RedisEndpoint, ["Cart__KeyPrefix"] = prefix })
            : (new DatabaseStorage(dataSource, new PostgreSqlCartSqlDialect(), MsOptions.Create(new CartStorageOptions()), MsOptions.Create(new CartDatabaseOptions { Table = table })),
                new Dictionary<string, string>
                {
                    ["WORKER_DATABASE"] = "postgresql",
                    ["Cart__Driver"] = "Database",
                    ["Cart__Database__ConnectionString"] = TestServers.PostgresConnectionString,
                    ["Cart__Database__Table"] = table,
                });
        await storage.GetAsync("chaos-warm-up", "a");

        var first = ChaosRun.FirstSeed();
        var histories = int.TryParse(Environment.GetEnvironmentVariable("CART_CHAOS_PROCESS_HISTORIES"), out var n) && n > 0 ? n : DefaultHistories;
        var violations = new List<string>();
        int attempts = 0, killedCalls = 0;
        try
        {
            for (var h = 0; h < histories; h++)
            {
                var seed = first + h;
                var (recorded, found) = await RunHistoryAsync(storage, environment, seed);
                attempts += recorded.Count;
                killedCalls += recorded.Count(a => a.Detail.StartsWith("process killed", StringComparison.Ordinal));
                if (found.Count > 0)
                {
                    violations.Add($"VIOLATION on {backend} (client processes), history seed {seed} (replay: CART_CHAOS_SEED={seed} CART_CHAOS_PROCESS_HISTORIES=1):{Environment.NewLine}{string.Join(Environment.NewLine, found)}");
                }
            }
        }
        finally
        {
            if (backend != "redis")
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = $"DROP TABLE IF EXISTS \"{table}\"";
                await command.ExecuteNonQueryAsync();
            }
        }

        var summary = $"{backend} (client processes): seeds {first}..{first + histories - 1}, {histories} histories, {attempts} attempts, {killedCalls} calls cut by a kill, {violations.Count} violating histories";
        output.WriteLine(summary + Environment.NewLine + string.Join(Environment.NewLine, violations));
        if (Environment.GetEnvironmentVariable("CART_CHAOS_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, summary + Environment.NewLine + string.Concat(violations.Select(v => v + Environment.NewLine)));
        }

        violations.Should().BeEmpty(summary);
    }

    private static async Task<(IReadOnlyList<ChaosAttempt> Attempts, IReadOnlyList<string> Violations)> RunHistoryAsync(ICartStorage storage, IReadOnlyDictionary<string, string> environment, long seed)
    {
        var random = new Random((int)(seed % int.MaxValue));
        var scope = $"{seed:x}p{Guid.NewGuid().ToString("N")[..6]}";
        var workload = new ChaosWorkload(seed, scope, Operations);
        var directory = Directory.CreateTempSubdirectory("cart-chaos-");
        var startFile = Path.Combine(directory.FullName, "start");
        var workers = Enumerable.Range(0, ChaosWorkload.Clients).Select(c => WorkerProcess.Start(
            ["chaos", "--identifier", "chaos", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--scope", scope,
             "--client", c.ToString(System.Globalization.CultureInfo.InvariantCulture), "--operations", Operations.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--journal", Path.Combine(directory.FullName, $"c{c}.jsonl"), "--start-file", startFile],
            environment)).ToList();
        try
        {
            foreach (var worker in workers)
            {
                await worker.WaitForLineAsync("ready", Timeout);
            }

            var victims = Enumerable.Range(0, ChaosWorkload.Clients).OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToList();
            await File.WriteAllTextAsync(startFile, string.Empty);
            await Task.Delay(random.Next(10, 120));
            victims.ForEach(v => workers[v].Kill());
            await Task.WhenAll(workers.Select(w => w.WaitForExitAsync(Timeout)));
            var attempts = Enumerable.Range(0, ChaosWorkload.Clients).SelectMany(c => ChaosJournal.Read(Path.Combine(directory.FullName, $"c{c}.jsonl"))).OrderBy(a => a.Invoke).ToList();
            var finals = await ChaosRun.FinalReadAsync(storage, workload);
            return (attempts, ChaosChecker.Check(attempts, finals).Violations);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }

            foreach (var identifier in workload.Identifiers)
            {
                await storage.ForgetIdentifierAsync(identifier);
            }

            directory.Delete(recursive: true);
        }
    }
}
