namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>Where a fault is injected at a store-call boundary.</summary>
internal enum ChaosFaultKind
{
    /// <summary>The call throws before anything is sent.</summary>
    Before,

    /// <summary>The call is sent and takes effect, then the reply is lost: it throws as a timeout after sending would.</summary>
    After,
}

/// <summary>
/// The faults of one client, deterministic from its seed: every store call the client's operations make (found through
/// an <see cref="AsyncLocal{T}"/>, so calls of other clients and of the checker's final read are never faulted) draws
/// whether to fail, and how. The same seed gives the same faults for the same sequence of store calls; the
/// interleaving of clients is the scheduler's.
/// </summary>
internal sealed class ChaosFaults(int seed, double probability)
{
    private static readonly AsyncLocal<ChaosFaults?> CurrentFaults = new();

    private readonly Random random = new(seed);
    private readonly List<string> injected = [];
    private int before;
    private int after;

    /// <summary>The faults of the client whose operation runs on this async flow, if any.</summary>
    public static ChaosFaults? Current
    {
        get => CurrentFaults.Value;
        set => CurrentFaults.Value = value;
    }

    public int InjectedBefore => Volatile.Read(ref before);

    public int InjectedAfter => Volatile.Read(ref after);

    /// <summary>
    /// Whether the store call <paramref name="call"/> of the current client fails, and where; <see langword="null"/>
    /// outside a client. <paramref name="afterPossible"/> false: a call that cannot take effect and then fail (only
    /// <see cref="ChaosFaultKind.Before"/> is drawn).
    /// </summary>
    public static ChaosFaultKind? Next(string call, bool afterPossible = true) => Current?.Draw(call, afterPossible);

    /// <summary>The faults injected since the last call, for the history ("After@ScriptEvaluateAsync").</summary>
    public string TakeInjected()
    {
        lock (random)
        {
            var text = string.Join(" ", injected);
            injected.Clear();
            return text;
        }
    }

    private ChaosFaultKind? Draw(string call, bool afterPossible)
    {
        lock (random)
        {
            if (random.NextDouble() >= probability)
            {
                return null;
            }

            var kind = random.Next(2) == 0 || !afterPossible ? ChaosFaultKind.Before : ChaosFaultKind.After;
            injected.Add($"{kind}@{call}");
            _ = kind == ChaosFaultKind.Before ? Interlocked.Increment(ref before) : Interlocked.Increment(ref after);
            return kind;
        }
    }
}
