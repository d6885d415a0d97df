using CsCheck;

namespace CartStorage.Reliability.Tests.Model;

/// <summary>
/// Property-based model test: random operation sequences (puts, metadata, forget, swap, update, save with fresh and
/// stale versions, flush) run against a backend and against <see cref="CartModel"/>; every outcome and every cart must
/// agree. CsCheck shrinks a failing sequence to a short one and prints it with its seed.
/// </summary>
/// <remarks>
/// Sequences per backend: env <c>CART_MODEL_ITERATIONS</c>, default <see cref="DefaultIterations"/> (each up to 30 steps),
/// run one at a time so <c>Flush</c> never races another sequence.
/// </remarks>
public abstract class ModelTests : IAsyncLifetime
{
    public const int DefaultIterations = 60;

    private TestBackend backend = null!;

    protected static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("CART_MODEL_ITERATIONS"), out var value) && value > 0 ? value : DefaultIterations;

    public async Task InitializeAsync() => backend = await CreateBackendAsync();

    public Task DisposeAsync() => backend.DisposeAsync().AsTask();

    [Fact]
    public async Task Random_operation_sequences_agree_with_the_reference_model()
    {
        var storage = backend.Create();
        await CartOperation.Sequences.SampleAsync(
            operations => new ModelRun(storage).RunAsync(operations),
            iter: Iterations,
            threads: 1,
            print: operations => "[" + string.Join(", ", operations.Select(o => o.ToString())) + "]");
    }

    /// <summary>
    /// Merges of carts that share an item, for every strategy, and a conditional forget of each kind: rare enough in
    /// random sequences (the strategy and both carts' contents must line up) to be pinned here.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Merges_of_carts_sharing_items_agree_with_the_reference_model(int strategy)
    {
        var storage = backend.Create();
        await new ModelRun(storage).RunAsync(
        [
            new(CartOperationKind.PutBoth, 0, 0, 0, 2),
            new(CartOperationKind.PutMetadata, 0, 0, 0, 1),
            new(CartOperationKind.PutBoth, 1, 0, 0, 1),
            new(CartOperationKind.Update, 1, 0, 0, 0),
            new(CartOperationKind.Update, 0, 0, 0, 0),
            new(CartOperationKind.Update, 0, 0, 0, 0),
            new(CartOperationKind.PutMetadataBatch, 1, 0, 0, 3),
            new(CartOperationKind.Merge, 0, 0, 1, strategy),
            new(CartOperationKind.Merge, 0, 0, 1, strategy),
            new(CartOperationKind.ForgetStale, 1, 0, 0, strategy),
            new(CartOperationKind.ForgetFresh, 1, 0, 0, strategy),
        ]);
    }

    protected abstract Task<TestBackend> CreateBackendAsync();
}

public sealed class MemoryCacheModelTests : ModelTests
{
    protected override Task<TestBackend> CreateBackendAsync() => Task.FromResult(TestBackend.MemoryCache());
}

public sealed class RedisCacheModelTests : ModelTests
{
    protected override Task<TestBackend> CreateBackendAsync() => TestBackend.RedisCacheAsync(locking: false);
}

public sealed class LockedRedisCacheModelTests : ModelTests
{
    protected override Task<TestBackend> CreateBackendAsync() => TestBackend.RedisCacheAsync(locking: true);
}

public sealed class SqliteModelTests : ModelTests
{
    protected override Task<TestBackend> CreateBackendAsync() => Task.FromResult(TestBackend.Sqlite(lockForUpdate: false));
}

public sealed class SqliteLockForUpdateModelTests : ModelTests
{
    protected override Task<TestBackend> CreateBackendAsync() => Task.FromResult(TestBackend.Sqlite(lockForUpdate: true));
}

public sealed class PostgreSqlModelTests : ModelTests
{
    protected override Task<TestBackend> CreateBackendAsync() => TestBackend.PostgreSqlAsync(lockForUpdate: false);
}

public sealed class PostgreSqlLockForUpdateModelTests : ModelTests
{
    protected override Task<TestBackend> CreateBackendAsync() => TestBackend.PostgreSqlAsync(lockForUpdate: true);
}
