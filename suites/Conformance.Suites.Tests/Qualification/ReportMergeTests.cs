using System.Text.Json.Nodes;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Reports.Qualification;
using Conformance.Suites.Tests.Support;
using static Conformance.Suites.Tests.Support.InProcessCli;

namespace Conformance.Suites.Tests.Qualification;

/// <summary><c>report merge</c>'s refusals and <c>report diff</c> on two matrix.json files, on synthetic results.</summary>
public sealed class ReportMergeTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-merge-");

    public void Dispose() => _dir.Dispose();

    private static ScenarioResult Scenario(string id, Level level, VerdictKind verdict) =>
        new(id, "suite-" + id[..2], level, $"title of {id}", $"requirement of {id}", "capability", verdict, null, 5, []);

    private string Write(string name, string profile, int exitCode, params ScenarioResult[] scenarios) =>
        SyntheticRuns.Write(_dir.File(name), SyntheticRuns.Run(scenarios) with { Profile = profile, ExitCode = exitCode });

    [Fact]
    public async Task Runs_with_different_scenario_sets_are_refused_in_one_line_naming_both_files_unless_mixed_is_allowed()
    {
        var a = Write("a.json", "one", 0, Scenario("PT-01", Level.Must, VerdictKind.Pass), Scenario("RD-01", Level.Must, VerdictKind.Pass));
        var b = Write("b.json", "two", 0, Scenario("PT-01", Level.Must, VerdictKind.Pass));

        var (code, _, error) = await CliAsync("report", "merge", a, b, "--out", _dir.File("m"));

        Assert.Equal(ExitCodes.BadUsage, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(a, line, StringComparison.Ordinal);
        Assert.Contains(b, line, StringComparison.Ordinal);
        Assert.Contains("RD-01", line, StringComparison.Ordinal);

        var (mixed, _, _) = await CliAsync("report", "merge", a, b, "--out", _dir.File("m"), "--allow-mixed");
        Assert.Equal(ExitCodes.Conformant, mixed);
        var rows = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.File("m"), "matrix.json")))!["profiles"]!.AsArray();
        Assert.Null(rows[1]!["verdicts"]!["RD-01"]);
    }

    [Fact]
    public async Task Runs_of_different_harness_versions_are_refused_naming_both_versions()
    {
        var a = Write("a.json", "one", 0, Scenario("PT-01", Level.Must, VerdictKind.Pass));
        var b = SyntheticRuns.Write(_dir.File("b.json"), SyntheticRuns.Run(Scenario("PT-01", Level.Must, VerdictKind.Pass)) with { HarnessVersion = "9.9.9" });

        var (code, _, error) = await CliAsync("report", "merge", a, b, "--out", _dir.File("m"));

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("9.9.9", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_exits_with_the_combined_code_and_shows_each_inputs_harness_version_and_commit()
    {
        var a = SyntheticRuns.Write(_dir.File("a.json"), SyntheticRuns.Run(Scenario("PT-01", Level.Must, VerdictKind.Error)) with { Profile = "one", ExitCode = 3, Commit = "abcdef0123456789" });
        var b = Write("b.json", "two", 1, Scenario("PT-01", Level.Must, VerdictKind.Fail));

        var (code, _, _) = await CliAsync("report", "merge", a, b, "--out", _dir.File("m"));

        Assert.Equal(ExitCodes.NonConformant, code);
        var html = await File.ReadAllTextAsync(Path.Combine(_dir.File("m"), "matrix.html"), TestContext.Current.CancellationToken);
        Assert.Contains("abcdef012345", html, StringComparison.Ordinal);
        var (again, _, error) = await CliAsync("report", "merge", a, b, "--out", _dir.File("m"));
        Assert.Equal(ExitCodes.BadUsage, again);
        Assert.Contains("--force", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Untrusted_profile_names_are_text_in_matrix_html_never_markup()
    {
        var a = Write("a.json", "<script>alert(1)</script>", 0, Scenario("PT-01", Level.Must, VerdictKind.Pass));

        var (code, _, _) = await CliAsync("report", "merge", a, "--out", _dir.File("m"));

        Assert.Equal(ExitCodes.Conformant, code);
        var html = await File.ReadAllTextAsync(Path.Combine(_dir.File("m"), "matrix.html"), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_of_two_matrices_lists_regressions_per_profile_and_added_and_removed_profiles_and_exits_1()
    {
        var one = Write("one.json", "one", 1, Scenario("PT-01", Level.Must, VerdictKind.Pass), Scenario("RD-01", Level.Must, VerdictKind.Fail));
        var two = Write("two.json", "two", 0, Scenario("PT-01", Level.Must, VerdictKind.Pass), Scenario("RD-01", Level.Must, VerdictKind.Pass));
        var oneLater = Write("one-later.json", "one", 1, Scenario("PT-01", Level.Must, VerdictKind.Fail), Scenario("RD-01", Level.Must, VerdictKind.Pass));
        var three = Write("three.json", "three", 0, Scenario("PT-01", Level.Must, VerdictKind.Pass), Scenario("RD-01", Level.Must, VerdictKind.Pass));
        Assert.Equal(ExitCodes.NonConformant, (await CliAsync("report", "merge", one, two, "--out", _dir.File("a"))).Code);
        Assert.Equal(ExitCodes.NonConformant, (await CliAsync("report", "merge", oneLater, three, "--out", _dir.File("b"))).Code);
        var a = Path.Combine(_dir.File("a"), QualificationReport.Json);
        var b = Path.Combine(_dir.File("b"), QualificationReport.Json);

        var (code, output, _) = await CliAsync("report", "diff", a, b);
        var (markdownCode, markdown, _) = await CliAsync("report", "diff", a, b, "--format", "markdown");
        var (same, _, _) = await CliAsync("report", "diff", a, a);

        Assert.Equal(ExitCodes.NonConformant, code);
        Assert.Equal(ExitCodes.NonConformant, markdownCode);
        Assert.Equal(ExitCodes.Conformant, same);
        Assert.Contains("profile added three", output, StringComparison.Ordinal);
        Assert.Contains("profile removed two", output, StringComparison.Ordinal);
        Assert.Matches(@"regression.*PT-01", output);
        Assert.Matches(@"fix.*RD-01", output);
        Assert.Contains("REGRESSED: 1 profile(s)", output, StringComparison.Ordinal);
        Assert.Contains("- added: three", markdown, StringComparison.Ordinal);
        Assert.Contains("## Conformance diff: one", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_of_a_matrix_and_a_results_json_exits_2_in_one_line()
    {
        var one = Write("one.json", "one", 0, Scenario("PT-01", Level.Must, VerdictKind.Pass));
        Assert.Equal(ExitCodes.Conformant, (await CliAsync("report", "merge", one, "--out", _dir.File("a"))).Code);

        var (code, _, error) = await CliAsync("report", "diff", Path.Combine(_dir.File("a"), QualificationReport.Json), one);

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(new[] { 0, 0 }, 0)]
    [InlineData(new[] { 0, 3, 1 }, 1)]
    [InlineData(new[] { 3, 1, 2 }, 2)]
    [InlineData(new[] { 0, 3 }, 3)]
    [InlineData(new[] { 2, 130, 1 }, 130)]
    public void Combined_exit_code_follows_the_single_run_precedence_and_an_interruption_wins(int[] codes, int expected) =>
        Assert.Equal(expected, ExitCodes.Combine(codes));
}
