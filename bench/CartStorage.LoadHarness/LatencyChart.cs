using ScottPlot;

namespace CartStorage.LoadHarness;

/// <summary>p50 latency per operation against the number of processes, one line per backend and cart mode.</summary>
internal static class LatencyChart
{
    public static void Save(IReadOnlyList<RunResult> results, string path)
    {
        var plot = new Plot();
        foreach (var series in results.GroupBy(r => (r.Backend, r.HotCart)))
        {
            var points = series.OrderBy(r => r.Processes).ToArray();
            var line = plot.Add.Scatter(points.Select(r => (double)r.Processes).ToArray(), points.Select(r => r.P50Ms).ToArray());
            line.LegendText = $"{series.Key.Backend}, {(series.Key.HotCart ? "hot cart" : "own carts")}{(Backend.Protected(series.Key.Backend) ? string.Empty : " (unprotected)")}";
            line.LinePattern = series.Key.HotCart ? LinePattern.Solid : LinePattern.Dashed;
            line.MarkerSize = 7;
        }

        plot.Title("p50 latency per operation vs worker processes (UpdateAsync; AddItemAsync on -delta backends)");
        plot.XLabel("worker processes");
        plot.YLabel("p50 latency per operation (ms)");
        plot.Axes.SetLimitsY(0, results.Max(r => r.P50Ms) * 1.1);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SaveSvg(path, 900, 560);
    }
}
