using Conformance.Cli;
using Conformance.Cli.Commands;
using Conformance.Cli.Console;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Reports;

using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// Bytes a target chose (a Location header with <c>ESC[41m</c>, a reason quoting a response) reach the terminal as
/// visible escapes, never raw; the reports keep their own escaping; error lines stay bounded.
/// </summary>
public sealed class TerminalEscapingTests : IDisposable
{
    private const string Hostile = "redirected to https://x/\u001b[41mred\u001b[0m\rover\u0007 \u202Egnp.exe";

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-terminal-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_verdict_table_shows_control_characters_as_visible_escapes()
    {
        using var writer = new StringWriter();

        CliOutput.For(writer).Write(Conformance.Cli.Commands.Verdicts.Table(Run(Scenario("RD-01", VerdictKind.Fail, Hostile))));

        var text = writer.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.DoesNotContain('\u202E', text);
        Assert.Contains("\\x1b[41mred", text, StringComparison.Ordinal);
        Assert.Contains("\\u{202e}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_diff_escapes_reasons_and_the_reports_keep_their_own_escaping()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = Write("a.json", Run(Scenario("RD-01", VerdictKind.Pass, null)));
        var after = Write("b.json", Run(Scenario("RD-01", VerdictKind.Fail, Hostile)));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ConformanceApp.RunAsync(["report", "diff", before, after], output, error, ct);

        Assert.Equal(ExitCodes.NonConformant, code);
        Assert.DoesNotContain('\u001b', output.ToString());
        Assert.Contains("\\x1b[41m", output.ToString(), StringComparison.Ordinal);

        // results.json keeps the reason exactly (JSON escapes it); report.html encodes it.
        var rendered = _dir.File("rendered");
        Assert.Equal(ExitCodes.Conformant, await ConformanceApp.RunAsync(["report", "render", after, "--out", rendered], output, error, ct));
        var json = await File.ReadAllTextAsync(Path.Combine(rendered, ReportSet.Json), ct);
        Assert.Equal(Hostile, JsonReport.Parse(json).Scenarios[0].Reason);
        Assert.DoesNotContain('\u001b', json);
        var html = await File.ReadAllTextAsync(Path.Combine(rendered, ReportSet.Html), ct);
        Assert.DoesNotContain("\u001b[41m", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_results_json_over_its_bound_is_one_line_and_is_not_read()
    {
        var ct = TestContext.Current.CancellationToken;
        var big = _dir.File("big.json");
        await using (var stream = File.Create(big))
        {
            // Sparse: the bound is checked on the length, before any byte is read.
            stream.SetLength(Inputs.InputFile.ResultsBound + 1L);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ConformanceApp.RunAsync(["report", "render", big, "--out", _dir.File("out")], output, error, ct);

        Assert.Equal(ExitCodes.BadUsage, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{big}: is larger than 64 MiB, the bound for a results.json", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_lines_are_cut_keeping_their_start_and_end()
    {
        var line = "error: p.yaml:7:18: endpoints.https.port: '" + new string('A', 1_000_000) + "' is not a port number";

        var cut = TerminalText.Bound(line);

        Assert.True(cut.Length <= TerminalText.MaxLine, $"{cut.Length} characters");
        Assert.StartsWith("error: p.yaml:7:18: endpoints.https.port: 'AAA", cut, StringComparison.Ordinal);
        Assert.EndsWith("' is not a port number", cut, StringComparison.Ordinal);
        Assert.Contains("characters cut", cut, StringComparison.Ordinal);
    }

    private static ScenarioResult Scenario(string id, VerdictKind verdict, string? reason) =>
        new(id, "redirect", Level.Must, $"title of {id}", $"requirement of {id}", "capability", verdict, reason, 5, []);

    private static RunResult Run(params ScenarioResult[] scenarios) => SyntheticRuns.Run(scenarios);

    private string Write(string name, RunResult run) => SyntheticRuns.Write(_dir.File(name), run);
}
