using Conformance.Model;
using Conformance.Reports;

namespace Conformance.Tests.Reports;

public sealed class RunDiffTests
{
    private static RunResult Run(params (string Id, Level Level, VerdictKind Verdict)[] scenarios)
    {
        var builder = new RunResultBuilder();
        foreach (var (id, level, verdict) in scenarios)
        {
            builder.Add(id, "suite", level, verdict, verdict == VerdictKind.Pass ? null : $"reason of {id}");
        }

        return builder.Build();
    }

    [Fact]
    public void Identical_runs_have_no_difference()
    {
        var run = RunResultBuilder.Typical().Build();

        var diff = RunDiff.Compare(run, run);

        Assert.True(diff.IsEmpty);
        Assert.Equal(run.Scenarios.Count, diff.Unchanged);
        Assert.False(diff.HasGatingRegression(Level.May));
    }

    [Theory]
    [InlineData(VerdictKind.Pass, VerdictKind.Fail)]
    [InlineData(VerdictKind.Pass, VerdictKind.Error)]
    [InlineData(VerdictKind.NotApplicable, VerdictKind.Fail)]
    [InlineData(VerdictKind.NotApplicable, VerdictKind.Error)]
    public void Good_to_bad_is_a_regression(VerdictKind before, VerdictKind after)
    {
        var diff = RunDiff.Compare(Run(("RD-01", Level.Must, before)), Run(("RD-01", Level.Must, after)));

        var change = Assert.Single(diff.Regressions);
        Assert.Equal(new VerdictChange("RD-01", "title of RD-01", Level.Must, before, after, "reason of RD-01"), change);
        Assert.Empty(diff.Fixes);
        Assert.Empty(diff.OtherChanges);
        Assert.True(diff.HasGatingRegression(Level.Must));
    }

    [Theory]
    [InlineData(VerdictKind.Fail)]
    [InlineData(VerdictKind.Error)]
    public void Bad_to_pass_is_a_fix(VerdictKind before)
    {
        var diff = RunDiff.Compare(Run(("MT-01", Level.Must, before)), Run(("MT-01", Level.Must, VerdictKind.Pass)));

        Assert.Equal("MT-01", Assert.Single(diff.Fixes).Id);
        Assert.Empty(diff.Regressions);
        Assert.False(diff.HasGatingRegression(Level.May));
    }

    [Theory]
    [InlineData(VerdictKind.Fail, VerdictKind.Error)]
    [InlineData(VerdictKind.Error, VerdictKind.Fail)]
    [InlineData(VerdictKind.Pass, VerdictKind.NotApplicable)]
    [InlineData(VerdictKind.NotApplicable, VerdictKind.Pass)]
    [InlineData(VerdictKind.Fail, VerdictKind.NotApplicable)]
    public void Other_verdict_changes_are_neither_regression_nor_fix(VerdictKind before, VerdictKind after)
    {
        var diff = RunDiff.Compare(Run(("TV-01", Level.Must, before)), Run(("TV-01", Level.Must, after)));

        var change = Assert.Single(diff.OtherChanges);
        Assert.Equal((before, after), (change.Before, change.After));
        Assert.Empty(diff.Regressions);
        Assert.Empty(diff.Fixes);
        Assert.False(diff.IsEmpty);
    }

    [Fact]
    public void New_and_removed_scenarios_are_listed_with_their_verdicts_in_run_order()
    {
        var a = Run(("PT-01", Level.Must, VerdictKind.Pass), ("OLD-2", Level.May, VerdictKind.Fail), ("OLD-1", Level.Must, VerdictKind.Pass));
        var b = Run(("NEW-2", Level.Must, VerdictKind.Fail), ("PT-01", Level.Must, VerdictKind.Pass), ("NEW-1", Level.Should, VerdictKind.Pass));

        var diff = RunDiff.Compare(a, b);

        Assert.Equal(["NEW-2", "NEW-1"], diff.Added.Select(s => s.Id));
        Assert.Equal(VerdictKind.Fail, diff.Added[0].Verdict);
        Assert.Equal(["OLD-2", "OLD-1"], diff.Removed.Select(s => s.Id));
        Assert.Equal(1, diff.Unchanged);

        // A failing new scenario is listed as new, not as a regression: there is no earlier verdict to regress from.
        Assert.Empty(diff.Regressions);
    }

    [Fact]
    public void Level_changes_are_reported_alongside_verdict_changes_and_gating_uses_the_later_level()
    {
        var a = Run(("SAN-05", Level.May, VerdictKind.Pass), ("LG-03", Level.Must, VerdictKind.Pass));
        var b = Run(("SAN-05", Level.Must, VerdictKind.Fail), ("LG-03", Level.Should, VerdictKind.Pass));

        var diff = RunDiff.Compare(a, b);

        Assert.Equal([new LevelChange("SAN-05", "title of SAN-05", Level.May, Level.Must), new LevelChange("LG-03", "title of LG-03", Level.Must, Level.Should)], diff.LevelChanges);
        Assert.Equal(Level.Must, Assert.Single(diff.Regressions).Level);
        Assert.True(diff.HasGatingRegression(Level.Must));
        Assert.Equal(1, diff.Unchanged);
    }

    [Theory]
    [InlineData(Level.Must, false)]
    [InlineData(Level.Should, true)]
    [InlineData(Level.May, true)]
    public void Gating_follows_fail_on(Level failOn, bool gating)
    {
        var diff = RunDiff.Compare(Run(("RT-04", Level.Should, VerdictKind.Pass)), Run(("RT-04", Level.Should, VerdictKind.Fail)));

        Assert.Equal(gating, diff.HasGatingRegression(failOn));
    }

    [Fact]
    public void Ids_compare_ordinally()
    {
        var diff = RunDiff.Compare(Run(("rd-01", Level.Must, VerdictKind.Pass)), Run(("RD-01", Level.Must, VerdictKind.Pass)));

        Assert.Equal("RD-01", Assert.Single(diff.Added).Id);
        Assert.Equal("rd-01", Assert.Single(diff.Removed).Id);
    }

    [Fact]
    public void A_duplicate_id_is_refused_naming_the_run_and_the_id()
    {
        var twice = Run(("PT-01", Level.Must, VerdictKind.Pass), ("PT-01", Level.Must, VerdictKind.Fail));

        var e = Assert.Throws<ArgumentException>(() => RunDiff.Compare(Run(), twice));
        Assert.Equal("after", e.ParamName);
        Assert.Contains("PT-01", e.Message, StringComparison.Ordinal);
        Assert.Equal("before", Assert.Throws<ArgumentException>(() => RunDiff.Compare(twice, Run())).ParamName);
    }

    [Fact]
    public void Markdown_lists_each_change_escapes_server_text_and_states_the_verdict()
    {
        var a = Run(("RD-01", Level.Must, VerdictKind.Pass), ("MT-01", Level.Must, VerdictKind.Fail), ("X-9", Level.May, VerdictKind.Pass));
        var b = new RunResultBuilder()
            .Add("RD-01", "redirect", Level.Must, VerdictKind.Fail, "got 302 | " + RunResultBuilder.Script + "\nline 2")
            .Add("MT-01", "mtls", Level.Must, VerdictKind.Pass)
            .Add("X-10", "x", Level.Should, VerdictKind.Pass)
            .Build();

        var md = RunDiffMarkdown.Render(RunDiff.Compare(a, b), a, b, Level.Must);

        Assert.Contains("REGRESSED: 1 regression(s) at MUST or stronger", md, StringComparison.Ordinal);
        Assert.Contains("## Regressions", md, StringComparison.Ordinal);
        Assert.Contains("| RD-01 | MUST | pass | **fail** | got 302 \\| &lt;script&gt;alert(1)&lt;/script&gt;<br>line 2 |", md, StringComparison.Ordinal);
        Assert.Contains("## Fixes\n\n| ID | level | before | after | reason now |\n|---|---|---|---|---|\n| MT-01 | MUST | fail | pass |  |", md, StringComparison.Ordinal);
        Assert.Contains("## New scenarios", md, StringComparison.Ordinal);
        Assert.Contains("| X-10 | SHOULD | pass |", md, StringComparison.Ordinal);
        Assert.Contains("## Removed scenarios", md, StringComparison.Ordinal);
        Assert.Contains("| X-9 | MAY | pass |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.DoesNotContain("## Level changes", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_of_identical_runs_says_so()
    {
        var run = RunResultBuilder.Typical().Build();

        var md = RunDiffMarkdown.Render(RunDiff.Compare(run, run), run, run, Level.Must);

        Assert.Contains("No scenario changed.", md, StringComparison.Ordinal);
        Assert.Contains("- **Verdict:** no regression\n", md, StringComparison.Ordinal);
    }
}
