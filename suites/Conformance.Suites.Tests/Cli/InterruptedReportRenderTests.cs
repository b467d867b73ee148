using System.Text.Json;
using Conformance.Cli;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Reports;

using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary>An interrupted run's results.json, re-rendered with <c>conformance report render</c>, still says INTERRUPTED everywhere.</summary>
public sealed class InterruptedReportRenderTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-interrupted-render-");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(ExitCodes.Interrupted)]
    [InlineData(ExitCodes.Terminated)]
    public async Task Rendered_reports_of_an_interrupted_run_say_interrupted_with_the_signal_exit_code(int exitCode)
    {
        var ct = TestContext.Current.CancellationToken;
        ScenarioResult[] scenarios =
        [
            new("PT-01", "plaintext", Level.Must, "title", "requirement", "tls", VerdictKind.Pass, "refused", 5, []),
            new("RT-01", "rotation", Level.Must, "title", "requirement", "reload", VerdictKind.Error, "run interrupted before the scenario finished", 5, []),
        ];
        var run = SyntheticRuns.Run(scenarios) with
        {
            ExitCode = exitCode,
            Interrupted = true,
            Finished = 1,
            Total = 2,
            InfrastructureError = "run interrupted: 1 of 2 scenario(s) finished; the others are error",
        };
        var results = SyntheticRuns.Write(_dir.File("results.json"), run);
        var outDir = _dir.File("out");

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ConformanceApp.RunAsync(["report", "render", results, "--out", outDir], output, error, ct);

        Assert.True(code == ExitCodes.Conformant, error.ToString());
        var mark = $"INTERRUPTED (exit {exitCode})";
        foreach (var file in new[] { ReportSet.Html, ReportSet.Markdown, ReportSet.JUnit })
        {
            Assert.Contains(mark, await File.ReadAllTextAsync(Path.Combine(outDir, file), ct), StringComparison.Ordinal);
            Assert.DoesNotContain("UNDECIDED", await File.ReadAllTextAsync(Path.Combine(outDir, file), ct), StringComparison.Ordinal);
        }

        Assert.Contains("1 of 2 scenario(s) finished", await File.ReadAllTextAsync(Path.Combine(outDir, ReportSet.Markdown), ct), StringComparison.Ordinal);
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, ReportSet.Json), ct)).RootElement;
        Assert.Equal(exitCode, json.GetProperty("exitCode").GetInt32());
        Assert.True(json.GetProperty("interrupted").GetBoolean());
        Assert.Equal(1, json.GetProperty("finished").GetInt32());
        Assert.Equal(2, json.GetProperty("total").GetInt32());
    }
}
