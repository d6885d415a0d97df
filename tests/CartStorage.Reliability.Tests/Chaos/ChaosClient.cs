namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// One client of a history: runs its plan against the storage, one operation at a time, under its own faults
/// (<see cref="ChaosFaults.Current"/> on its async flow), and records every attempt. After an attempt that was not
/// certainly refused, an operation with an idempotency key is retried with the same key some of the time (up to
/// <see cref="MaxAttempts"/>), as a phone that timed out would.
/// </summary>
/// <remarks>A client in a process of its own (the multi-process variant) also writes each invocation and each outcome to its <see cref="ChaosJournal"/>.</remarks>
internal sealed class ChaosClient(ICartStorage storage, ChaosHistory history, ChaosFaults faults, int seed, ChaosJournal? journal = null)
{
    public const int MaxAttempts = 3;

    private readonly Random retries = new(seed);

    public async Task RunAsync(IReadOnlyList<ChaosOp> plan)
    {
        ChaosFaults.Current = faults;
        try
        {
            foreach (var op in plan)
            {
                for (var attempt = 1; ; attempt++)
                {
                    var invoke = ChaosHistory.Tick();
                    journal?.Invoked(op, attempt, invoke);
                    var (outcome, detail, order) = await ExecuteAsync(op).ConfigureAwait(false);
                    var injected = faults.TakeInjected();
                    var record = new ChaosAttempt(op, attempt, invoke, ChaosHistory.Tick(), outcome, injected.Length > 0 ? $"{detail} [faults: {injected}]" : detail, order);
                    journal?.Completed(record);
                    history.Record(record);
                    var sawFault = outcome == ChaosOutcome.Indeterminate || detail.StartsWith("unavailable", StringComparison.Ordinal) || detail == "lock timeout";
                    if (!sawFault || op.Key is null || attempt == MaxAttempts || retries.Next(10) >= 7)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            ChaosFaults.Current = null;
        }
    }

    /// <summary>
    /// What the client is told. Certainly not applied: a conflict, a rejected argument or limit, a lock not obtained, a
    /// failed read before any write, and a store failure of a one-cart write whose message says nothing was written (the
    /// library's claim, which the checker then holds it to). Anything else that fails is indeterminate.
    /// </summary>
    public static (ChaosOutcome Outcome, string Detail) Classify(ChaosOp op, Exception e) => e switch
    {
        CartConflictException => (ChaosOutcome.Failed, "conflict"),
        CartLimitExceededException => (ChaosOutcome.Failed, "limit"),
        ArgumentException => (ChaosOutcome.Failed, "rejected: " + e.Message),
        // A lock lost in the middle of a move or a forget of several carts may follow writes of earlier steps.
        CartLockTimeoutException => (OneCart(op) ? ChaosOutcome.Failed : ChaosOutcome.Indeterminate, "lock timeout"),
        CartStorageUnavailableException when OneCart(op)
            && e.Message.Contains("nothing was written", StringComparison.Ordinal) && !e.Message.Contains("nothing was written by it", StringComparison.Ordinal) =>
            (ChaosOutcome.Failed, "unavailable, claims nothing was written"),
        CartStorageUnavailableException => (ChaosOutcome.Indeterminate, "unavailable"),
        _ => (ChaosOutcome.Indeterminate, $"UNEXPECTED {e.GetType().Name}: {e.Message}"),
    };

    private static bool OneCart(ChaosOp op) => op.Kind is ChaosOpKind.Add or ChaosOpKind.Change or ChaosOpKind.Remove or ChaosOpKind.Save or ChaosOpKind.Checkout;

    private async Task<(ChaosOutcome, string, IReadOnlyList<ChaosItem>?)> ExecuteAsync(ChaosOp op)
    {
        var (identifier, instance) = (op.Cart.Identifier, op.Cart.Instance);
        CartSnapshot? read = null;
        if (op.Kind is ChaosOpKind.Save or ChaosOpKind.Checkout)
        {
            try
            {
                read = await storage.GetAsync(identifier, instance).ConfigureAwait(false);
            }
            catch (CartStorageException e) when (e is not CartDataCorruptedException)
            {
                return (ChaosOutcome.Failed, $"read failed ({e.GetType().Name})", null);
            }

            if (op.Kind == ChaosOpKind.Checkout && (read is null || read.Items.Count == 0))
            {
                return (ChaosOutcome.Failed, "nothing to check out", null);
            }
        }

        try
        {
            switch (op.Kind)
            {
                case ChaosOpKind.Add:
                    await storage.AddItemAsync(identifier, instance, new CartItem { Id = op.ItemId!, Quantity = op.Amount }, idempotencyKey: op.Key).ConfigureAwait(false);
                    break;
                case ChaosOpKind.Change:
                    await storage.ChangeQuantityAsync(identifier, instance, op.ItemId!, op.Amount, idempotencyKey: op.Key).ConfigureAwait(false);
                    break;
                case ChaosOpKind.Remove:
                    await storage.RemoveItemAsync(identifier, instance, op.ItemId!, idempotencyKey: op.Key).ConfigureAwait(false);
                    break;
                case ChaosOpKind.Save:
                    var basis = read ?? CartSnapshot.Empty;
                    await storage.SaveAsync(identifier, instance, basis with { Items = [.. basis.Items, new CartItem { Id = op.ItemId!, Quantity = op.Amount }] }).ConfigureAwait(false);
                    break;
                case ChaosOpKind.Checkout:
                    await storage.ForgetAsync(identifier, instance, read!.ETag).ConfigureAwait(false);
                    return (ChaosOutcome.Ok, string.Empty, [.. read.Items.Select(i => new ChaosItem(i.Id, i.Quantity))]);
                case ChaosOpKind.Merge:
                    await storage.MergeIdentifierAsync(identifier, op.Target!, instance).ConfigureAwait(false);
                    break;
                case ChaosOpKind.Swap:
                    await storage.SwapIdentifierAsync(identifier, op.Target!, instance).ConfigureAwait(false);
                    break;
                case ChaosOpKind.Forget:
                    await storage.ForgetAsync(identifier, instance).ConfigureAwait(false);
                    break;
                default:
                    await storage.ForgetIdentifierAsync(identifier).ConfigureAwait(false);
                    break;
            }

            return (ChaosOutcome.Ok, string.Empty, null);
        }
        catch (Exception e)
        {
            var (outcome, detail) = Classify(op, e);
            return (outcome, detail, null);
        }
    }
}
