using Xunit.Abstractions;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// The history checker on one backend that claims safety: seeded histories of concurrent clients with faults injected
/// at every store call, each checked against the invariants (<see cref="ChaosChecker"/>). In the normal test run a few
/// histories per backend (<see cref="DefaultHistories"/>); the long run is <c>bash scripts/chaos.sh</c>.
/// </summary>
public abstract class ChaosTests(ITestOutputHelper output)
{
    public const int DefaultHistories = 25;

    protected abstract string Backend { get; }

    [Fact]
    public async Task Histories_with_faults_at_every_store_call_keep_the_invariants()
    {
        await using var backend = await ChaosBackend.CreateAsync(Backend);
        var summary = await ChaosRun.RunAsync(backend.Storage, backend.Name, ChaosRun.FirstSeed(), ChaosRun.Histories(DefaultHistories));
        output.WriteLine(summary.ToString());
        summary.FaultsBefore.Should().BePositive("faults must have been injected before calls");
        summary.FaultsAfter.Should().BePositive("faults must have been injected after calls took effect");
        summary.Violations.Should().BeEmpty(summary.ToString());
    }
}

public sealed class SqliteChaosTests(ITestOutputHelper output) : ChaosTests(output)
{
    protected override string Backend => "sqlite";
}

public sealed class PostgreSqlChaosTests(ITestOutputHelper output) : ChaosTests(output)
{
    protected override string Backend => "postgresql";
}

public sealed class RedisStorageChaosTests(ITestOutputHelper output) : ChaosTests(output)
{
    protected override string Backend => "redis";
}

public sealed class RedisClusterChaosTests(ITestOutputHelper output) : ChaosTests(output)
{
    protected override string Backend => "redis-cluster";
}

public sealed class RedisCacheRedLockChaosTests(ITestOutputHelper output) : ChaosTests(output)
{
    protected override string Backend => "redis-cache-redlock";
}
