using Conformance.Model;
using Conformance.Reports;

namespace Conformance.Tests.Reports;

public sealed class MarkdownReportTests
{
    [Fact]
    public void Summary_has_result_counts_seed_assumptions_and_a_table_with_failures_first()
    {
        var md = MarkdownReport.Render(RunResultBuilder.Typical().Build());
        var lines = md.Split('\n');

        Assert.StartsWith("# Conformance: flux — NOT CONFORMANT", lines[0], StringComparison.Ordinal);
        Assert.Contains("3 pass · 1 fail · 1 not-applicable · 1 error", md, StringComparison.Ordinal);
        Assert.Contains("`421337`", md, StringComparison.Ordinal);
        Assert.Contains("- tls.min", md, StringComparison.Ordinal);
        Assert.Contains("not stated by the system's own documents", md, StringComparison.Ordinal);

        var header = Array.IndexOf(lines, "| ID | level | verdict | reason |");
        Assert.True(header > 0);
        Assert.Equal("|---|---|---|---|", lines[header + 1]);
        var rows = lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.Equal(6, rows.Count);
        Assert.StartsWith("| RD-01 | MUST | **fail** |", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("| SAN-05 | SHOULD | **error** |", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_escape_pipes_newlines_and_markup()
    {
        var md = MarkdownReport.Render(RunResultBuilder.Typical().Build());
        var row = md.Split('\n').Single(l => l.StartsWith("| RD-01", StringComparison.Ordinal));

        Assert.Contains("got 302 \\| to", row, StringComparison.Ordinal);
        Assert.Contains("<br>second line", row, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", md, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", row, StringComparison.Ordinal);

        // A raw pipe would split the row: exactly 5 unescaped pipes make 4 cells.
        Assert.Equal(5, row.Replace("\\|", string.Empty, StringComparison.Ordinal).Count(c => c == '|'));
    }

    [Theory]
    [InlineData(false, "CONFORMANT")]
    [InlineData(true, "UNDECIDED (infrastructure error)")]
    public void Result_words_follow_the_exit_code(bool infrastructureError, string expected)
    {
        var builder = new RunResultBuilder().Add("PT-01", "plaintext", Level.Must, VerdictKind.Pass);
        if (infrastructureError)
        {
            builder.WithInfrastructureError("target would not start");
        }

        var md = MarkdownReport.Render(builder.Build());

        Assert.StartsWith($"# Conformance: flux — {expected}\n", md, StringComparison.Ordinal);
    }
}
