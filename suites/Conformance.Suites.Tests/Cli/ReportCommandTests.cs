using AngleSharp.Html.Parser;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Reports;

using Conformance.Suites.Tests.Support;
using static Conformance.Suites.Tests.Support.InProcessCli;

namespace Conformance.Suites.Tests.Cli;

/// <summary><c>conformance report render</c> and <c>conformance report diff</c> on synthetic results.json files.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-report-cli-");

    public void Dispose() => _dir.Dispose();

    private static ScenarioResult Scenario(string id, Level level, VerdictKind verdict, string? reason = null, params EvidenceItem[] evidence) =>
        new(id, "suite-" + id[..2], level, $"title of {id}", $"requirement of {id}", "capability", verdict, reason, 5, evidence);

    private static RunResult Run(params ScenarioResult[] scenarios) => SyntheticRuns.Run(scenarios);

    private string Write(string name, RunResult run) => SyntheticRuns.Write(_dir.File(name), run);

    private string WriteText(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertOneLine(string error, string mustName)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, error);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(mustName, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_writes_the_four_reports_from_a_results_json()
    {
        var run = Run(
            Scenario("PT-01", Level.Must, VerdictKind.Pass, null, new NoteEvidence("plaintext refused")),
            Scenario("RD-01", Level.Must, VerdictKind.Fail, "expected 301, got 302 <script>alert(1)</script>"));
        var results = Write("results.json", run);
        var outDir = _dir.File("out");

        var (code, output, error) = await CliAsync("report", "render", results, "--out", outDir);

        Assert.True(code == ExitCodes.Conformant, error);
        Assert.Contains(outDir, output, StringComparison.Ordinal);
        foreach (var file in new[] { ReportSet.Html, ReportSet.Json, ReportSet.JUnit, ReportSet.Markdown })
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        }

        // The re-rendered results.json is the same run, and the HTML carries every scenario, escaped.
        Assert.Equal(JsonReport.Serialize(run), await File.ReadAllTextAsync(Path.Combine(outDir, ReportSet.Json), TestContext.Current.CancellationToken));
        var html = await File.ReadAllTextAsync(Path.Combine(outDir, ReportSet.Html), TestContext.Current.CancellationToken);
        var doc = new HtmlParser().ParseDocument(html);
        Assert.NotNull(doc.GetElementById("PT-01"));
        Assert.NotNull(doc.GetElementById("RD-01"));
        Assert.Equal([HtmlFilterScript.Text], doc.QuerySelectorAll("script").Select(s => s.TextContent)); // only the filter script; the reason stays text
    }

    [Fact]
    public async Task Render_refuses_a_folder_that_already_holds_a_report_unless_forced()
    {
        var results = Write("results.json", Run(Scenario("PT-01", Level.Must, VerdictKind.Pass)));
        var outDir = _dir.File("out");
        Directory.CreateDirectory(outDir);
        var existing = Path.Combine(outDir, ReportSet.Html);
        await File.WriteAllTextAsync(existing, "earlier report", TestContext.Current.CancellationToken);

        var (code, _, error) = await CliAsync("report", "render", results, "--out", outDir);

        Assert.Equal(ExitCodes.BadUsage, code);
        AssertOneLine(error, existing);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        Assert.Equal("earlier report", await File.ReadAllTextAsync(existing, TestContext.Current.CancellationToken));

        (code, _, error) = await CliAsync("report", "render", results, "--out", outDir, "--force");

        Assert.True(code == ExitCodes.Conformant, error);
        Assert.Contains("PT-01", await File.ReadAllTextAsync(existing, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_can_rerender_a_run_folder_in_place_with_force()
    {
        var runFolder = _dir.File("run");
        await ReportSet.WriteAsync(Run(Scenario("SAN-01", Level.Must, VerdictKind.Pass)), runFolder, TestContext.Current.CancellationToken);

        var (code, _, error) = await CliAsync("report", "render", Path.Combine(runFolder, ReportSet.Json), "--out", runFolder, "--force");

        Assert.True(code == ExitCodes.Conformant, error);
        Assert.Equal("SAN-01", JsonReport.Read(Path.Combine(runFolder, ReportSet.Json)).Scenarios.Single().Id);
    }

    [Fact]
    public async Task Render_of_a_missing_file_is_one_line_naming_it_and_exit_2()
    {
        var missing = _dir.File("nope/results.json");

        var (code, _, error) = await CliAsync("report", "render", missing, "--out", _dir.File("out"));

        Assert.Equal(ExitCodes.BadUsage, code);
        AssertOneLine(error, missing);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"schema\": 99}")]
    [InlineData("[1, 2]")]
    [InlineData("{\"schema\": 1, \"profile\": \"x\"}")]
    public async Task Render_of_an_invalid_results_json_is_one_line_naming_it_and_exit_2(string text)
    {
        var bad = WriteText("bad.json", text);

        var (code, _, error) = await CliAsync("report", "render", bad, "--out", _dir.File("out"));

        Assert.Equal(ExitCodes.BadUsage, code);
        AssertOneLine(error, bad);
    }

    [Fact]
    public async Task Render_refuses_a_results_json_carrying_a_private_key_and_writes_nothing()
    {
        var leaky = Write("leaky.json", Run(Scenario("LG-04", Level.Must, VerdictKind.Fail, "log said -----BEGIN\u0020PRIVATE KEY----- MIIB")));
        var outDir = _dir.File("out");

        var (code, output, error) = await CliAsync("report", "render", leaky, "--out", outDir);

        Assert.Equal(ExitCodes.BadUsage, code);
        AssertOneLine(error, leaky);
        Assert.Contains("LG-04", error, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIB", error + output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, ReportSet.Html)));
    }

    [Fact]
    public async Task Render_without_out_is_bad_usage()
    {
        var results = Write("results.json", Run());

        var (code, _, error) = await CliAsync("report", "render", results);

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("--out", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_shows_regressions_fixes_new_removed_and_level_changes_and_exits_1_on_a_must_regression()
    {
        var a = Write("a.json", Run(
            Scenario("RD-01", Level.Must, VerdictKind.Pass),
            Scenario("MT-01", Level.Must, VerdictKind.Fail, "accepted without a client certificate"),
            Scenario("SAN-05", Level.May, VerdictKind.Pass),
            Scenario("OLD-01", Level.Should, VerdictKind.Pass)));
        var b = Write("b.json", Run(
            Scenario("RD-01", Level.Must, VerdictKind.Fail, "got 302 [red]markup[/]"),
            Scenario("MT-01", Level.Must, VerdictKind.Pass),
            Scenario("SAN-05", Level.Should, VerdictKind.Pass),
            Scenario("NEW-01", Level.Must, VerdictKind.Error, "probe timed out")));

        var (code, output, error) = await CliAsync("report", "diff", a, b);

        Assert.True(code == ExitCodes.NonConformant, output + error);
        Assert.Empty(error);
        Assert.Matches(@"regression\s*│\s*RD-01\s*│\s*MUST\s*│\s*pass\s*│\s*FAIL\s*│\s*got 302 \[red\]markup\[/\]", output);
        Assert.Matches(@"fix\s*│\s*MT-01\s*│\s*MUST\s*│\s*FAIL\s*│\s*pass", output);
        Assert.Matches(@"new\s*│\s*NEW-01\s*│\s*MUST\s*│\s*—\s*│\s*ERROR", output);
        Assert.Matches(@"removed\s*│\s*OLD-01\s*│\s*SHOULD\s*│\s*pass", output);
        Assert.Matches(@"level\s*│\s*SAN-05\s*│\s*MAY → SHOULD", output);
        Assert.Contains("REGRESSED: 1 regression(s) at MUST or stronger", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_without_regression_exits_0_and_reverse_direction_shows_the_fix()
    {
        var before = Write("a.json", Run(Scenario("RD-01", Level.Must, VerdictKind.Fail, "302")));
        var after = Write("b.json", Run(Scenario("RD-01", Level.Must, VerdictKind.Pass)));

        var (code, output, _) = await CliAsync("report", "diff", before, after);
        Assert.Equal(ExitCodes.Conformant, code);
        Assert.Contains("no regression", output, StringComparison.Ordinal);

        (code, _, _) = await CliAsync("report", "diff", after, before);
        Assert.Equal(ExitCodes.NonConformant, code);
    }

    [Theory]
    [InlineData("must", ExitCodes.Conformant)]
    [InlineData("should", ExitCodes.NonConformant)]
    [InlineData("may", ExitCodes.NonConformant)]
    public async Task Diff_gates_on_fail_on(string failOn, int expected)
    {
        var a = Write("a.json", Run(Scenario("RT-04", Level.Should, VerdictKind.Pass)));
        var b = Write("b.json", Run(Scenario("RT-04", Level.Should, VerdictKind.Error, "reload took 90 s")));

        var (code, output, _) = await CliAsync("report", "diff", a, b, "--fail-on", failOn);

        Assert.True(code == expected, output);
    }

    [Fact]
    public async Task Diff_markdown_is_a_table_per_kind_of_change()
    {
        var a = Write("a.json", Run(Scenario("RD-01", Level.Must, VerdictKind.Pass)));
        var b = Write("b.json", Run(Scenario("RD-01", Level.Must, VerdictKind.Fail, "<b>302</b> | x")));

        var (code, output, _) = await CliAsync("report", "diff", a, b, "--format", "markdown");

        Assert.Equal(ExitCodes.NonConformant, code);
        Assert.StartsWith("# Conformance diff: reference @ 2025-06-01 12:00:00 UTC", output, StringComparison.Ordinal);
        Assert.Contains("| RD-01 | MUST | pass | **fail** | &lt;b&gt;302&lt;/b&gt; \\| x |", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_of_identical_runs_says_nothing_changed()
    {
        var a = Write("a.json", Run(Scenario("RD-01", Level.Must, VerdictKind.Fail, "302")));

        var (code, output, _) = await CliAsync("report", "diff", a, a);

        Assert.Equal(ExitCodes.Conformant, code);
        Assert.Contains("No scenario changed (1 unchanged).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_with_a_missing_or_invalid_file_is_one_line_naming_it_and_exit_2()
    {
        var good = Write("a.json", Run(Scenario("RD-01", Level.Must, VerdictKind.Pass)));
        var missing = _dir.File("missing.json");
        var invalid = WriteText("invalid.json", "{\"schema\": 1, \"scenarios\": 3}");

        var (code, _, error) = await CliAsync("report", "diff", good, missing);
        Assert.Equal(ExitCodes.BadUsage, code);
        AssertOneLine(error, missing);

        (code, _, error) = await CliAsync("report", "diff", invalid, good);
        Assert.Equal(ExitCodes.BadUsage, code);
        AssertOneLine(error, invalid);
    }

    [Fact]
    public async Task Diff_with_a_duplicate_scenario_id_is_bad_input_naming_the_file()
    {
        var good = Write("a.json", Run(Scenario("RD-01", Level.Must, VerdictKind.Pass)));
        var twice = Write("twice.json", Run(Scenario("RD-01", Level.Must, VerdictKind.Pass), Scenario("RD-01", Level.Must, VerdictKind.Fail)));

        var (code, _, error) = await CliAsync("report", "diff", good, twice);

        Assert.Equal(ExitCodes.BadUsage, code);
        AssertOneLine(error, twice);
        Assert.Contains("RD-01 appears more than once", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_rejects_an_unknown_format()
    {
        var a = Write("a.json", Run());

        var (code, _, error) = await CliAsync("report", "diff", a, a, "--format", "html");

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("html", error, StringComparison.Ordinal);
    }
}
