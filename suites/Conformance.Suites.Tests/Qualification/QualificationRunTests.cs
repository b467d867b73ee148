using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Conformance.Cli;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;
using static Conformance.Suites.Tests.Support.InProcessCli;

namespace Conformance.Suites.Tests.Qualification;

/// <summary>
/// <c>run --profile A --profile B …</c> on two mutants that finish in about a second each: one run folder per profile,
/// one qualification matrix, the combined exit code, a bad profile reported for itself while the others run; and
/// <c>report merge</c> of the same profiles run separately giving the same matrix.
/// </summary>
public sealed class QualificationRunTests : IDisposable
{
    private static readonly string Redirect302 = RepoPaths.Profile("mutants/Redirect302.yaml");
    private static readonly string SanMissing = RepoPaths.Profile("mutants/SanMissing.yaml");

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-qualification-");

    public void Dispose() => _dir.Dispose();

    private static string MatrixFolder(string runs) => Assert.Single(Directory.GetDirectories(runs, "qualification-*"));

    private static JsonObject ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    [Fact]
    public async Task Two_profiles_write_two_run_folders_and_one_matrix_whose_cells_link_to_each_report()
    {
        var runs = _dir.File("runs");
        var (code, output, error) = await CliAsync("run", "--profile", Redirect302, "--profile", SanMissing, "--out", runs, "--seed", "7");

        Assert.True(code == ExitCodes.NonConformant, $"exit {code}\n{output}\n{error}");
        var folder = MatrixFolder(runs);
        Assert.Equal(2, Directory.GetDirectories(runs).Count(d => Path.GetFileName(d).StartsWith("20", StringComparison.Ordinal)));
        var json = ReadJson(Path.Combine(folder, "matrix.json"));
        Assert.Equal(ExitCodes.NonConformant, (int)json["exitCode"]!);
        var rows = json["profiles"]!.AsArray();
        Assert.Equal(["mutant-redirect302", "mutant-san-missing"], rows.Select(r => (string)r!["name"]!));
        Assert.Equal("fail", (string)rows[0]!["verdicts"]!["RD-01"]!);
        Assert.Equal("fail", (string)rows[1]!["verdicts"]!["SAN-01"]!);
        Assert.All(rows, r => Assert.True(File.Exists(Path.Combine(folder, (string)r!["results"]!)), (string)r!["results"]!));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty((string?)r!["harnessVersion"])));

        var html = new HtmlParser().ParseDocument(await File.ReadAllTextAsync(Path.Combine(folder, "matrix.html"), TestContext.Current.CancellationToken));
        Assert.Empty(html.QuerySelectorAll("script"));
        var cell = Assert.Single(html.QuerySelectorAll("td a.fail"), a => a.GetAttribute("href")!.EndsWith("#RD-01", StringComparison.Ordinal));
        var report = Path.GetFullPath(Path.Combine(folder, cell.GetAttribute("href")!.Split('#')[0]));
        Assert.Contains("id=\"RD-01\"", await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        // Each profile is a row header twice (the profiles table and the verdict grid), each linking to its report.
        Assert.Equal(4, html.QuerySelectorAll("tbody th.p a").Count(a => a.GetAttribute("href")!.EndsWith("/report.html", StringComparison.Ordinal)));
        Assert.Contains("| mutant-redirect302 |", await File.ReadAllTextAsync(Path.Combine(folder, "matrix.md"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_profile_is_reported_with_its_file_and_line_while_the_others_still_run_and_the_combined_exit_is_2()
    {
        var broken = _dir.File("broken.yaml");
        await File.WriteAllTextAsync(broken, "apiVersion: conformance/v1\nname: broken\ntarget:\n  kind: process\n  command: /bin/true\nendpoints:\n  https: { prot: 8443 }\n", TestContext.Current.CancellationToken);
        var runs = _dir.File("runs");

        var (code, output, error) = await CliAsync("run", "--profile", broken, "--profile", Redirect302, "--out", runs, "--suite", "redirect");

        Assert.True(code == ExitCodes.BadUsage, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"{broken}:7", error, StringComparison.Ordinal);
        var rows = ReadJson(Path.Combine(MatrixFolder(runs), "matrix.json"))["profiles"]!.AsArray();
        Assert.Equal(ExitCodes.BadUsage, (int)rows[0]!["exitCode"]!);
        Assert.Contains($"{broken}:7", (string)rows[0]!["error"]!, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NonConformant, (int)rows[1]!["exitCode"]!);
        Assert.Equal("fail", (string)rows[1]!["verdicts"]!["RD-01"]!);
    }

    [Fact]
    public async Task A_folder_means_its_yaml_files_a_glob_its_matches_and_a_glob_that_matches_nothing_exits_2()
    {
        var folder = _dir.File("profiles");
        Directory.CreateDirectory(folder);
        File.Copy(Redirect302, Path.Combine(folder, "a.yaml"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a profile");

        // The copy extends ../reference.yaml relative to itself: give it the base it names.
        File.Copy(RepoPaths.Profile("reference.yaml"), _dir.File("reference.yaml"));
        var runs = _dir.File("runs");
        var (code, output, error) = await CliAsync("run", "--profile", folder, "--out", runs, "--suite", "redirect");
        Assert.True(code == ExitCodes.NonConformant, $"exit {code}\n{output}\n{error}");
        Assert.Single(ReadJson(Path.Combine(MatrixFolder(runs), "matrix.json"))["profiles"]!.AsArray());

        var globbed = _dir.File("globbed");
        var (glob, globOut, globError) = await CliAsync("run", "--profile", RepoPaths.Profile("mutants/Redirect30?.yaml"), "--out", globbed, "--suite", "redirect");
        Assert.True(glob == ExitCodes.NonConformant, $"exit {glob}\n{globOut}\n{globError}");
        Assert.Equal("mutant-redirect302", (string)Assert.Single(ReadJson(Path.Combine(MatrixFolder(globbed), "matrix.json"))["profiles"]!.AsArray())!["name"]!);

        var (none, _, noneError) = await CliAsync("run", "--profile", Path.Combine(folder, "*.yml"), "--out", runs);
        Assert.Equal(ExitCodes.BadUsage, none);
        Assert.Contains("matches no file", noneError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_lets_a_finished_profile_keep_its_verdicts_and_a_running_one_write_its_partial_report_and_exits_130()
    {
        // SlowStart's target takes 6 s to listen: the interruption comes when Redirect302 has finished, while
        // SlowStart is still waiting for its target.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var output = new CancellingWriter(cts, "Redirect302.yaml: exit");
        using var error = new StringWriter();
        var runs = _dir.File("runs");

        var code = await ConformanceApp.RunAsync(["run", "--profile", Redirect302, "--profile", RepoPaths.Profile("mutants/SlowStart.yaml"), "--out", runs, "--suite", "redirect"], output, error, cts.Token);

        Assert.True(code == ExitCodes.Interrupted, $"exit {code}\n{output}\n{error}");
        var folder = MatrixFolder(runs);
        var json = ReadJson(Path.Combine(folder, "matrix.json"));
        Assert.Equal(ExitCodes.Interrupted, (int)json["exitCode"]!);
        var rows = json["profiles"]!.AsArray();
        Assert.Equal(ExitCodes.NonConformant, (int)rows[0]!["exitCode"]!);
        Assert.Equal("fail", (string)rows[0]!["verdicts"]!["RD-01"]!);
        Assert.Equal(ExitCodes.Interrupted, (int)rows[1]!["exitCode"]!);
        Assert.True((bool)rows[1]!["interrupted"]!);
        var partial = ReadJson(Path.Combine(folder, (string)rows[1]!["results"]!));
        Assert.True((bool)partial["interrupted"]!);
        Assert.Equal("error", (string)rows[1]!["verdicts"]!["RD-01"]!);
    }

    [Fact]
    public async Task Ctrl_c_while_profiles_wait_for_a_slot_makes_them_not_run_rows_and_the_running_one_writes_its_partial_report()
    {
        // Two profiles run at once (QualificationRun.ProfilesAtOnce). The interruption comes while SlowStart waits for
        // its target, as the second profile is announced (before its run reads anything) and the third waits for a slot.
        var slowStart = RepoPaths.Profile("mutants/SlowStart.yaml");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var output = new CancellingWriter(cts, $"[2/3] {Redirect302}: started");
        using var error = new StringWriter();
        var runs = _dir.File("runs");

        var code = await ConformanceApp.RunAsync(["run", "--profile", slowStart, "--profile", Redirect302, "--profile", SanMissing, "--out", runs, "--suite", "redirect"], output, error, cts.Token);

        Assert.True(code == ExitCodes.Interrupted, $"exit {code}\n{output}\n{error}");
        Assert.DoesNotContain($"[3/3] {SanMissing}: started", output.ToString(), StringComparison.Ordinal);
        var folder = MatrixFolder(runs);
        var json = ReadJson(Path.Combine(folder, "matrix.json"));
        Assert.Equal(ExitCodes.Interrupted, (int)json["exitCode"]!);
        var rows = json["profiles"]!.AsArray();
        Assert.Equal(3, rows.Count);

        var running = rows[0]!;
        Assert.Equal(ExitCodes.Interrupted, (int)running["exitCode"]!);
        Assert.True((bool)running["interrupted"]!, running.ToJsonString());
        Assert.True((bool)ReadJson(Path.Combine(folder, (string)running["results"]!))["interrupted"]!);
        Assert.Equal("error", (string)running["verdicts"]!["RD-01"]!);

        foreach (var notRun in rows.Skip(1))
        {
            Assert.Equal(ExitCodes.Interrupted, (int)notRun!["exitCode"]!);
            Assert.Equal("not run: interrupted before it started", (string)notRun["error"]!);
            Assert.Null(notRun["results"]);
            Assert.Empty(notRun["verdicts"]!.AsObject());
        }

        Assert.Contains("not run: interrupted before it started", File.ReadAllText(Path.Combine(folder, "matrix.html")), StringComparison.Ordinal);
        var runFolders = Directory.GetDirectories(runs).Where(d => Path.GetFileName(d) is var n && n != "latest" && !n.StartsWith("qualification-", StringComparison.Ordinal));
        Assert.Single(runFolders);
    }

    [Fact]
    public async Task Merge_of_separate_runs_gives_the_matrix_of_the_one_invocation_run()
    {
        string[] profiles = [Redirect302, SanMissing, RepoPaths.Profile("mutants/DropsQuery.yaml")];
        var together = _dir.File("together");
        var (code, output, error) = await CliAsync(["run", .. profiles.SelectMany(p => new[] { "--profile", p }), "--out", together, "--seed", "3"]);
        Assert.True(code == ExitCodes.NonConformant, $"exit {code}\n{output}\n{error}");

        var results = new List<string>();
        foreach (var (profile, i) in profiles.Select((p, i) => (p, i)))
        {
            var runs = _dir.File($"separate-{i}");
            var (one, _, oneError) = await CliAsync("run", "--profile", profile, "--out", runs, "--seed", "3");
            Assert.True(one == ExitCodes.NonConformant, oneError);
            results.Add(Path.Combine(Assert.Single(Directory.GetDirectories(runs), d => Path.GetFileName(d) != "latest"), "results.json"));
        }

        var merged = _dir.File("merged");
        var (mergeCode, mergeOut, mergeError) = await CliAsync(["report", "merge", .. results, "--out", merged]);

        Assert.True(mergeCode == ExitCodes.NonConformant, $"exit {mergeCode}\n{mergeOut}\n{mergeError}");
        Assert.Equal(Comparable(Path.Combine(MatrixFolder(together), "matrix.json")), Comparable(Path.Combine(merged, "matrix.json")));
    }

    /// <summary>matrix.json without what differs by when and where it was written: its timestamp and the rows' paths.</summary>
    private static string Comparable(string path)
    {
        var json = ReadJson(path);
        json.Remove("generatedUtc");
        foreach (var row in json["profiles"]!.AsArray())
        {
            foreach (var key in new[] { "source", "results", "report" })
            {
                row!.AsObject().Remove(key);
            }
        }

        return json.ToJsonString();
    }
}
