using System.Globalization;
using System.Text;

namespace CartStorage.Benchmarks.Sizing;

/// <summary>The sizing reports' output: GitHub Markdown tables, numbers in the invariant culture.</summary>
internal static class MarkdownTable
{
    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var md = new StringBuilder();
        md.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
        md.Append('|').AppendJoin("|", header.Select(_ => "---")).AppendLine("|");
        foreach (var row in rows)
        {
            md.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        return md.ToString();
    }

    /// <summary>An integer with thousands separators: 12,345.</summary>
    public static string Int(double value) => Math.Round(value).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number with <paramref name="decimals"/> decimals.</summary>
    public static string Num(double value, int decimals = 2) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
