using Conformance.Cli;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Reports;

namespace Conformance.Suites.Tests.BadInput;

/// <summary>
/// An existing report folder is never overwritten: <c>--out</c> holds runs, each run gets a fresh UTC-stamped folder
/// (a taken stamp gets <c>-2</c>, <c>-3</c>, …), and only <c>latest/</c> is replaced. <c>--verbose</c> exists on every verb
/// and never turns a bad-input line into a stack trace.
/// </summary>
public sealed class ReportFolderTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-reportfolder-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Two_runs_into_one_out_folder_keep_both_reports()
    {
        var ct = TestContext.Current.CancellationToken;
        var runs = _dir.File("runs");
        using var o = new StringWriter();
        using var e = new StringWriter();
        Assert.Equal(ExitCodes.Conformant, await ConformanceApp.RunAsync(["run", "--out", runs, "--suite", "plaintext", "--seed", "1"], o, e, ct));
        var first = Directory.GetDirectories(runs).Single(d => Path.GetFileName(d) != RunOutput.Latest);
        var before = await File.ReadAllTextAsync(Path.Combine(first, "results.json"), ct);

        Assert.Equal(ExitCodes.Conformant, await ConformanceApp.RunAsync(["run", "--out", runs, "--suite", "plaintext", "--seed", "2"], o, e, ct));

        var folders = Directory.GetDirectories(runs).Where(d => Path.GetFileName(d) != RunOutput.Latest).ToList();
        Assert.Equal(2, folders.Count);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(first, "results.json"), ct));
        Assert.Contains("\"seed\": 2", await File.ReadAllTextAsync(Path.Combine(runs, RunOutput.Latest, "results.json"), ct), StringComparison.Ordinal);
    }

    [Fact]
    public void A_taken_stamp_gets_a_fresh_suffixed_folder()
    {
        var runs = _dir.File("stamps");
        var at = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var a = RunOutput.CreateRunFolder(runs, at);
        File.WriteAllText(Path.Combine(a, "results.json"), "first");

        var b = RunOutput.CreateRunFolder(runs, at);

        Assert.NotEqual(a, b);
        Assert.EndsWith("-2", b, StringComparison.Ordinal);
        Assert.Equal("first", File.ReadAllText(Path.Combine(a, "results.json")));
    }

    [Theory]
    [InlineData("scenarios", "--verbose")]
    [InlineData("--verbose", "scenarios")]
    public async Task Verbose_is_accepted_on_every_verb(string a, string b)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        Assert.Equal(0, await ConformanceApp.RunAsync([a, b], o, e, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Verbose_does_not_turn_a_bad_profile_into_a_stack_trace()
    {
        var path = _dir.File("bad.yaml");
        await File.WriteAllTextAsync(path, "apiVersion: conformance/v1\nname: x\ncolour: blue\n", TestContext.Current.CancellationToken);
        using var o = new StringWriter();
        using var e = new StringWriter();

        var code = await ConformanceApp.RunAsync(["run", "--verbose", "--profile", path, "--out", _dir.File("runs")], o, e, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.DoesNotContain("   at ", e.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{path}:", e.ToString(), StringComparison.Ordinal);
    }
}
