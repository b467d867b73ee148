using System.Diagnostics;
using System.Globalization;
using System.Text;
using Conformance.Model;
using Conformance.Reports;
using Conformance.Reports.Synthetic;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance bench --reports</c>: how long each renderer takes for a large synthetic run (median of 3) and how
/// big report.html is, for that run and for one shaped like the default run. Targets from issue 7.
/// </summary>
internal static class ReportBench
{
    public const double RenderTargetMs = 2_000;
    public const long DefaultReportTargetBytes = 1_500_000;
    private const int Repeats = 3;

    public static void Run(TextWriter output, int count, int seed)
    {
        var clock = Stopwatch.StartNew();
        var run = new SyntheticRunBuilder(seed).Many(count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench --reports: {count} synthetic results (Bogus seed {seed}), built in {clock.Elapsed.TotalMilliseconds:0} ms; median of {Repeats} renders"));
        output.WriteLine($"{"report",-14} {"median ms",10} {"size",12}");

        var htmlMs = 0.0;
        long htmlBytes = 0;
        foreach (var (name, render) in Renderers())
        {
            var (ms, bytes) = Measure(render, run);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-14} {ms,10:0} {Size(bytes),12}"));
            if (name == ReportSet.Html)
            {
                (htmlMs, htmlBytes) = (ms, bytes);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report.html for {count} results: {htmlMs:0} ms (target ≤ {RenderTargetMs:0} ms: {Met(htmlMs <= RenderTargetMs)}), {Size(htmlBytes)}"));

        var defaultRun = new SyntheticRunBuilder(seed).DefaultSized();
        var defaultBytes = Utf8Length(HtmlReport.Render(defaultRun));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report.html for a default-sized run ({defaultRun.Scenarios.Count} scenarios, {defaultRun.Scenarios.Sum(s => s.Evidence.Count)} evidence items): {Size(defaultBytes)} (target ≤ {Size(DefaultReportTargetBytes)}: {Met(defaultBytes <= DefaultReportTargetBytes)})"));
    }

    private static (string Name, Func<RunResult, string> Render)[] Renderers() =>
    [
        (ReportSet.Html, HtmlReport.Render),
        (ReportSet.Json, JsonReport.Serialize),
        (ReportSet.JUnit, JUnitReport.Render),
        (ReportSet.Markdown, MarkdownReport.Render),
    ];

    private static (double Ms, long Bytes) Measure(Func<RunResult, string> render, RunResult run)
    {
        var times = new List<double>(Repeats);
        var text = string.Empty;
        for (var i = 0; i < Repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            text = render(run);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[Repeats / 2], Utf8Length(text));
    }

    private static long Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);

    private static string Met(bool met) => met ? "met" : "MISSED";

    private static string Size(long bytes) => bytes switch
    {
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 10_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1000.0:0.#} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000_000.0:0.##} MB"),
    };
}
