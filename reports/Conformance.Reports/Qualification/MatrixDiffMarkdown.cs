using System.Text;
using Conformance.Model;

namespace Conformance.Reports.Qualification;

/// <summary>A <see cref="MatrixDiff"/> as Markdown: a per-profile section in <see cref="RunDiffMarkdown"/>'s form for each profile that changed.</summary>
public static class MatrixDiffMarkdown
{
    public static string Render(MatrixDiff diff, Level failOn)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var md = new StringBuilder();
        md.Append("# Qualification diff\n\n- **Verdict:** ").Append(Verdict(diff, failOn)).Append('\n');
        md.Append("- **Profiles:** ").Append(diff.Profiles.Count).Append(" in both, ").Append(diff.Profiles.Count(p => !p.Diff.IsEmpty)).Append(" changed, ")
            .Append(diff.Added.Count).Append(" added, ").Append(diff.Removed.Count).Append(" removed\n");
        foreach (var name in diff.Added)
        {
            md.Append("- added: ").Append(MarkdownReport.Cell(name)).Append('\n');
        }

        foreach (var name in diff.Removed)
        {
            md.Append("- removed: ").Append(MarkdownReport.Cell(name)).Append('\n');
        }

        foreach (var p in diff.Profiles.Where(p => !p.Diff.IsEmpty))
        {
            // Each profile's section one heading level down, so the document keeps a single top heading.
            md.Append('\n').Append(RunDiffMarkdown.Render(p.Diff, p.Before, p.After, failOn).Replace("\n#", "\n##", StringComparison.Ordinal).Insert(0, "#"));
        }

        return md.ToString();
    }

    /// <summary>The one-line verdict over every profile.</summary>
    public static string Verdict(MatrixDiff diff, Level failOn)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var regressed = diff.Profiles.Where(p => p.Diff.HasGatingRegression(failOn)).Select(p => p.Profile).ToList();
        return regressed.Count > 0
            ? $"REGRESSED: {regressed.Count} profile(s) regressed at {ReportText.Level(failOn)} or stronger ({string.Join(", ", regressed.Select(ReportText.Clean))})"
            : "no regression";
    }
}
