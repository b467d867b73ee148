using System.Text;

namespace Conformance.Suites.Tests.Corpus;

/// <summary>
/// The servers × scenarios table: one row per server and variant, one column per scenario that is applicable on some
/// row. A cell is the harness's verdict (P pass, F fail, E error, - not applicable); a cell whose ground truth differs
/// shows both, truth first ("P≠F").
/// </summary>
internal static class CorpusTable
{
    public static string Render(IReadOnlyList<CorpusCell> rows, IReadOnlyDictionary<(string Server, string Variant), IReadOnlyDictionary<string, ExpectedCell>> expected, IReadOnlyList<string> ids)
    {
        var columns = ids.Where(id => rows.Any(r => r.Verdicts is not null && r.Verdicts.TryGetValue(id, out var v) && v != "not-applicable")
            || expected.Values.Any(e => e.TryGetValue(id, out var c) && c.Verdict != "not-applicable")).ToList();
        var sb = new StringBuilder();
        sb.Append("| server / profile | ").AppendJoin(" | ", columns).Append(" | s |\n");
        sb.Append("|---|").Append(string.Concat(columns.Select(_ => "---|"))).Append("---|\n");
        foreach (var row in rows)
        {
            sb.Append("| ").Append(row.Server).Append(' ').Append(row.Variant).Append(" | ");
            if (row.Verdicts is null)
            {
                sb.Append("skipped: ").Append(row.Skipped).AppendJoin(string.Empty, columns.Skip(1).Select(_ => " |")).Append(" | |\n");
                continue;
            }

            var truth = expected[(row.Server, row.Variant)];
            sb.AppendJoin(" | ", columns.Select(id =>
            {
                var actual = row.Verdicts.GetValueOrDefault(id, "missing");
                var want = truth.TryGetValue(id, out var c) ? c.Verdict : "missing";
                return actual == want ? Short(actual) : $"{Short(want)}≠{Short(actual)}";
            }));
            sb.Append(" | ").Append(row.Seconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).Append(" |\n");
        }

        return sb.ToString();
    }

    public static string Short(string verdict) => verdict switch
    {
        "pass" => "P",
        "fail" => "F",
        "error" => "E",
        "not-applicable" => "-",
        _ => "?",
    };
}
