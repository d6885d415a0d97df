using Xunit.Abstractions;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// The history checker can fail: on backends that do not claim safety it must report violations, with the seed and a
/// history excerpt. Each run stops at its first violating history.
/// </summary>
public sealed class ChaosCanFailTests(ITestOutputHelper output)
{
    private const int MaxHistories = 200;

    /// <summary>
    /// The Redis cache without locking loses concurrent updates of one cart (its documented limit): an acknowledged add
    /// is lost (a), a write from a stale read brings ordered items back (b), or a concurrent change of a quantity is
    /// lost (c: the quantity is below what the acknowledged changes add up to).
    /// </summary>
    [Fact]
    public async Task The_unlocked_redis_cache_loses_or_resurrects_items()
    {
        await using var backend = await ChaosBackend.CreateAsync("redis-cache-unlocked");
        var summary = await ChaosRun.RunAsync(backend.Storage, backend.Name, ChaosRun.FirstSeed(), MaxHistories, stopAfterViolations: 1);
        output.WriteLine(summary + Environment.NewLine + string.Join(Environment.NewLine, summary.Violations));
        summary.Violations.Should().ContainSingle().Which.Should().MatchRegex(@"\((a|b|c)\) ").And.Contain("history seed").And.Contain("history excerpt");
    }

    /// <summary>A wrapper that drops idempotency keys applies a retried add twice: invariant (c), in one of the first violating histories.</summary>
    [Fact]
    public async Task A_storage_that_ignores_idempotency_keys_applies_retried_adds_twice()
    {
        await using var backend = await ChaosBackend.CreateAsync("redis");
        // A history's first violation can be another rule's (a doubled add can also make a later check fail first), so
        // the run collects up to three violating histories and one of them must be the doubled add.
        var summary = await ChaosRun.RunAsync(KeyIgnoringStorage.Wrap(backend.Storage), "redis without idempotency keys", ChaosRun.FirstSeed(), MaxHistories, stopAfterViolations: 3);
        output.WriteLine(summary + Environment.NewLine + string.Join(Environment.NewLine, summary.Violations));
        summary.Violations.Should().Contain(v => v.Contains("(c)", StringComparison.Ordinal) && v.Contains("applied twice", StringComparison.Ordinal));
    }
}

/// <summary>A deliberately broken storage: every member passes through, except that <c>UpdateAsync</c> drops the idempotency key.</summary>
public class KeyIgnoringStorage : System.Reflection.DispatchProxy
{
    private ICartStorage inner = null!;

    internal static ICartStorage Wrap(ICartStorage storage)
    {
        var proxy = Create<ICartStorage, KeyIgnoringStorage>();
        ((KeyIgnoringStorage)(object)proxy).inner = storage;
        return proxy;
    }

    protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(ICartStorage.UpdateAsync) && args is [.., not null])
        {
            args[^1] = null;
        }

        try
        {
            return targetMethod.Invoke(inner, args);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
