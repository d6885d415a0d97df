using System.Diagnostics;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// Two writers, each adding distinct items to two carts of its own (so a store without locking loses nothing to
/// concurrency and every loss is the fault's), while a fault (a server killed and started again) hits the store
/// mid-run. Bounded: each writer stops after <see cref="MaxOperationsPerWriter"/> operations, and the run after
/// <see cref="Deadline"/> at most.
/// </summary>
internal static class FaultRun
{
    public const int MaxOperationsPerWriter = 5000;
    public const int Writers = 2;

    /// <summary>Acknowledged writes before the fault, and again after the server is back.</summary>
    public const int AcknowledgedPerPhase = 40;

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public record Result(Acknowledgements Acknowledgements, int AcknowledgedBeforeFault, int AcknowledgedAfterRecovery, TimeSpan Elapsed);

    /// <summary>Runs the writers; <paramref name="fault"/> runs once <see cref="AcknowledgedPerPhase"/> writes were acknowledged.</summary>
    public static async Task<Result> RunAsync(ICartStorage storage, Func<Task> fault)
    {
        var run = Stopwatch.StartNew();
        var acknowledgements = new Acknowledgements();
        var carts = Enumerable.Range(0, 2 * Writers).Select(i => $"fault-{i}-{Guid.NewGuid():N}").ToArray();
        using var stop = new CancellationTokenSource(Deadline);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < MaxOperationsPerWriter && !stop.IsCancellationRequested; i++)
            {
                var acknowledged = await acknowledgements.TryAddAsync(storage, carts[(2 * w) + (i % 2)], $"w{w}-{i}");
                await Task.Delay(acknowledged ? 2 : 20);
            }
        })).ToArray();

        await WaitForAsync(() => acknowledgements.Count >= AcknowledgedPerPhase, stop.Token, "writes acknowledged before the fault");
        var before = acknowledgements.Count;
        await fault();
        var recovered = acknowledgements.Count;
        await WaitForAsync(() => acknowledgements.Count >= recovered + AcknowledgedPerPhase, stop.Token, "writes acknowledged after the server came back (the storage did not recover by itself)");
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        return new Result(acknowledgements, before, acknowledgements.Count - recovered, run.Elapsed);
    }

    private static async Task WaitForAsync(Func<bool> condition, CancellationToken deadline, string what)
    {
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"No {what} within {Deadline}.");
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }
}
