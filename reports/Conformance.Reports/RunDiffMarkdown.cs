using System.Globalization;
using System.Text;
using Conformance.Model;

namespace Conformance.Reports;

/// <summary>A <see cref="RunDiff"/> as Markdown, for CI step summaries and release notes. Server text is escaped as in summary.md.</summary>
public static class RunDiffMarkdown
{
    public static string Render(RunDiff diff, RunResult before, RunResult after, Level failOn)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var md = new StringBuilder();
        md.Append("# Conformance diff: ").Append(Run(before)).Append(" → ").Append(Run(after)).Append("\n\n");
        md.Append("- **Verdict:** ").Append(Verdict(diff, failOn)).Append('\n');
        md.Append(CultureInfo.InvariantCulture, $"- **Counts:** {diff.Regressions.Count} regression(s) · {diff.Fixes.Count} fix(es) · {diff.OtherChanges.Count} other change(s) · {diff.Added.Count} new · {diff.Removed.Count} removed · {diff.LevelChanges.Count} level change(s) · {diff.Unchanged} unchanged\n");
        if (diff.IsEmpty)
        {
            md.Append("\nNo scenario changed.\n");
            return md.ToString();
        }

        Changes(md, "Regressions", diff.Regressions, failOn, bold: true);
        Changes(md, "Fixes", diff.Fixes, failOn, bold: false);
        Changes(md, "Other verdict changes", diff.OtherChanges, failOn, bold: false);
        Scenarios(md, "New scenarios", diff.Added);
        Scenarios(md, "Removed scenarios", diff.Removed);
        if (diff.LevelChanges.Count > 0)
        {
            md.Append("\n## Level changes\n\n| ID | title | before | after |\n|---|---|---|---|\n");
            foreach (var c in diff.LevelChanges)
            {
                md.Append("| ").Append(MarkdownReport.Cell(c.Id)).Append(" | ").Append(MarkdownReport.Cell(c.Title)).Append(" | ")
                  .Append(ReportText.Level(c.Before)).Append(" | ").Append(ReportText.Level(c.After)).Append(" |\n");
            }
        }

        return md.ToString();
    }

    /// <summary>The one-line verdict of a diff at a gating level, shared by the console and Markdown forms.</summary>
    public static string Verdict(RunDiff diff, Level failOn)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var gating = diff.Regressions.Count(r => r.Level <= failOn);
        return gating > 0
            ? $"REGRESSED: {gating.ToString(CultureInfo.InvariantCulture)} regression(s) at {ReportText.Level(failOn)} or stronger"
            : diff.Regressions.Count > 0
                ? $"no regression at {ReportText.Level(failOn)} or stronger ({diff.Regressions.Count.ToString(CultureInfo.InvariantCulture)} below it)"
                : "no regression";
    }

    /// <summary>How a run is named in a diff: profile, start time, harness version.</summary>
    public static string Describe(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return $"{ReportText.Clean(run.Profile)} @ {ReportText.Timestamp(run.StartedUtc)} (harness {ReportText.Clean(run.HarnessVersion)})";
    }

    private static string Run(RunResult run) => MarkdownReport.Cell(Describe(run));

    private static void Changes(StringBuilder md, string heading, IReadOnlyList<VerdictChange> changes, Level failOn, bool bold)
    {
        if (changes.Count == 0)
        {
            return;
        }

        md.Append("\n## ").Append(heading).Append("\n\n| ID | level | before | after | reason now |\n|---|---|---|---|---|\n");
        foreach (var c in changes)
        {
            var after = ReportText.Verdict(c.After);
            if (bold && c.Level <= failOn)
            {
                after = $"**{after}**";
            }

            md.Append("| ").Append(MarkdownReport.Cell(c.Id)).Append(" | ").Append(ReportText.Level(c.Level)).Append(" | ")
              .Append(ReportText.Verdict(c.Before)).Append(" | ").Append(after).Append(" | ").Append(MarkdownReport.Cell(c.Reason)).Append(" |\n");
        }
    }

    private static void Scenarios(StringBuilder md, string heading, IReadOnlyList<ScenarioResult> scenarios)
    {
        if (scenarios.Count == 0)
        {
            return;
        }

        md.Append("\n## ").Append(heading).Append("\n\n| ID | level | verdict | reason |\n|---|---|---|---|\n");
        foreach (var s in scenarios)
        {
            md.Append("| ").Append(MarkdownReport.Cell(s.Id)).Append(" | ").Append(ReportText.Level(s.Level)).Append(" | ")
              .Append(ReportText.Verdict(s.Verdict)).Append(" | ").Append(MarkdownReport.Cell(s.Reason)).Append(" |\n");
        }
    }
}
