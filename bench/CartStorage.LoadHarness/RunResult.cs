using HdrHistogram;

namespace CartStorage.LoadHarness;

/// <summary>What one run measured: N processes of one backend on one hot cart or one cart each.</summary>
internal sealed record RunResult(
    string Backend,
    bool HotCart,
    int Processes,
    long Acknowledged,
    long Stored,
    long Retries,
    long Conflicts,
    long LockTimeouts,
    double ElapsedMs,
    HistogramBase Latencies)
{
    public string Carts => HotCart ? "hot" : "distinct";

    public double OpsPerSecond => Acknowledged / (ElapsedMs / 1000);

    /// <summary>Acknowledged increments that are not in the stored quantity.</summary>
    public long LostUpdates => Acknowledged - Stored;

    public double P50Ms => Latencies.GetValueAtPercentile(50) / 1000.0;

    public double P99Ms => Latencies.GetValueAtPercentile(99) / 1000.0;

    public double MeanMs => Latencies.GetMean() / 1000.0;
}
