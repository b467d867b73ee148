using System.Text;
using Conformance.Model;

namespace Conformance.Reports.Qualification;

/// <summary>matrix.md: the matrix as a Markdown table, for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull request.</summary>
public static class MatrixMarkdown
{
    public static string Render(QualificationMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var md = new StringBuilder();
        md.Append("## Qualification: ").Append(ReportText.Result(matrix.ExitCode)).Append(" (exit ").Append(matrix.ExitCode).Append(")\n\n");
        md.Append("| Profile | Result | Pass | Fail | N/A | Error | Harness |\n|---|---|---:|---:|---:|---:|---|\n");
        foreach (var row in matrix.Profiles)
        {
            md.Append("| ").Append(Cell(row.Name)).Append(" | ").Append(Cell(ReportText.Result(row.ExitCode))).Append(" (").Append(row.ExitCode).Append(')')
                .Append(row.Error is null ? string.Empty : " — " + Cell(row.Error))
                .Append(" | ").Append(row.Counts.Pass).Append(" | ").Append(row.Counts.Fail).Append(" | ").Append(row.Counts.NotApplicable).Append(" | ").Append(row.Counts.Error)
                .Append(" | ").Append(Cell(Harness(row))).Append(" |\n");
        }

        md.Append("\n| Scenario | Level |");
        foreach (var row in matrix.Profiles)
        {
            md.Append(' ').Append(Cell(row.Name)).Append(" |");
        }

        md.Append("\n|---|---|").Append(string.Concat(Enumerable.Repeat("---|", matrix.Profiles.Count))).Append('\n');
        foreach (var s in matrix.Scenarios)
        {
            md.Append("| ").Append(Cell(s.Id)).Append(' ').Append(Cell(s.Title)).Append(" | ").Append(ReportText.Level(s.Level)).Append(" |");
            foreach (var row in matrix.Profiles)
            {
                md.Append(' ').Append(row.Verdicts.TryGetValue(s.Id, out var v) ? Word(v) : "—").Append(" |");
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    /// <summary>"CONFORMANT", "NOT CONFORMANT", … for an exit code, as every report words it.</summary>
    public static string Result(int exitCode) => ReportText.Result(exitCode);

    /// <summary>"25 pass, 0 fail, …", as every report words it.</summary>
    public static string Counts(VerdictCounts counts) => ReportText.Counts(counts);

    /// <summary>"0.1.0 (abc1234)", or what is known of it.</summary>
    public static string Harness(MatrixRow row) =>
        row.HarnessVersion is null ? "—" : row.Commit is null ? row.HarnessVersion : $"{row.HarnessVersion} ({(row.Commit.Length > 12 ? row.Commit[..12] : row.Commit)})";

    // Bold for the verdicts that need a look: a summary is read for its fails.
    private static string Word(VerdictKind v) => v is VerdictKind.Fail or VerdictKind.Error ? $"**{ReportText.Verdict(v)}**" : ReportText.Verdict(v);

    private static string Cell(string text) =>
        ReportText.Clean(text).ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
