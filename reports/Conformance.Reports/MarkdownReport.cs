using System.Globalization;
using System.Text;
using Conformance.Model;

namespace Conformance.Reports;

/// <summary>summary.md for CI step summaries: the overall result, counts, seed, assumptions and one table row per scenario.</summary>
public static class MarkdownReport
{
    public static string Render(RunResult result)
    {
        var md = new StringBuilder();
        md.Append("# Conformance: ").Append(Inline(result.Profile)).Append(" — ").Append(ReportText.Result(result)).Append('\n').Append('\n');
        if (!string.IsNullOrWhiteSpace(result.Description))
        {
            md.Append(Inline(result.Description)).Append("\n\n");
        }

        var c = result.Verdicts;
        md.Append("- **Result:** ").Append(ReportText.Result(result))
          .Append(CultureInfo.InvariantCulture, $" (exit code {result.ExitCode}, gating level {ReportText.Level(result.FailOn)})\n");
        if (ReportText.Interruption(result) is { } interruption)
        {
            md.Append("- **Interrupted:** ").Append(interruption).Append(" (partial report)\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"- **Verdicts:** {c.Pass} pass · {c.Fail} fail · {c.NotApplicable} not-applicable · {c.Error} error\n");
        md.Append("- **Target:** ").Append(Inline(result.Target)).Append('\n');
        md.Append(CultureInfo.InvariantCulture, $"- **Seed:** `{result.Seed}`\n");
        md.Append("- **Started:** ").Append(ReportText.Timestamp(result.StartedUtc))
          .Append(" · **Duration:** ").Append(ReportText.Duration(result.DurationMs)).Append('\n');
        md.Append("- **Harness:** ").Append(Inline(result.HarnessVersion)).Append('\n');
        if (!string.IsNullOrWhiteSpace(result.InfrastructureError))
        {
            md.Append("- **Infrastructure error:** ").Append(Inline(result.InfrastructureError)).Append('\n');
        }

        if (result.Assumptions.Count > 0)
        {
            md.Append("\n**Assumptions** (assumed: not stated by the system's own documents)\n\n");
            foreach (var a in result.Assumptions)
            {
                md.Append("- ").Append(Inline(a)).Append('\n');
            }
        }

        if (result.ByDesignPlaintext.Count > 0)
        {
            md.Append("\n**Plaintext by design** (listed, not judged)\n\n");
            foreach (var p in result.ByDesignPlaintext)
            {
                md.Append("- ").Append(Inline(p)).Append('\n');
            }
        }

        md.Append("\n| ID | level | verdict | reason |\n|---|---|---|---|\n");
        foreach (var s in ReportText.FailuresFirst(result.Scenarios))
        {
            var verdict = ReportText.Verdict(s.Verdict);
            if (s.Verdict is VerdictKind.Fail or VerdictKind.Error)
            {
                verdict = $"**{verdict}**";
            }

            md.Append("| ").Append(Cell(s.Id)).Append(" | ").Append(ReportText.Level(s.Level)).Append(" | ")
              .Append(verdict).Append(" | ").Append(Cell(s.Reason)).Append(" |\n");
        }

        return md.ToString();
    }

    /// <summary>
    /// Escapes a table cell: <c>|</c> would end the cell and a newline the row. HTML-significant characters become
    /// entities because CI summaries render inline HTML, and server text must not become markup there either.
    /// </summary>
    internal static string Cell(string? text) =>
        Inline(text).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Inline(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return ReportText.Clean(text)
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\r\n", "<br>", StringComparison.Ordinal)
            .Replace("\r", "<br>", StringComparison.Ordinal)
            .Replace("\n", "<br>", StringComparison.Ordinal);
    }
}
