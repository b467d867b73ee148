using Conformance.Model;

namespace Conformance.Reports;

/// <summary>Writes every report of a run into one folder: report.html, results.json, junit.xml, summary.md.</summary>
public static class ReportSet
{
    public const string Html = "report.html";
    public const string Json = "results.json";
    public const string JUnit = "junit.xml";
    public const string Markdown = "summary.md";

    /// <summary>Writes the four reports into <paramref name="directory"/> (created if missing).</summary>
    public static Task WriteAsync(RunResult result, string directory, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
