using System.Diagnostics;
using System.Text.Json;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Corpus;

/// <summary>
/// The hostile corpus (<c>fixtures/corpus/hostile/</c>): servers that accept and stay silent, answer random non-TLS
/// bytes, reset every connection, or listen and never accept. None of them ever serves anything, so none may get a
/// single <c>pass</c>, and the run must end <c>exit 3</c> (undecided, infrastructure) within its bound: 30 s, or 60 s
/// for the never-accepting server whose profile claims restart-mode reload (the rotation load must stop at the first
/// sign that nothing was ever served). The CLI runs as a child process and is killed at the bound.
/// </summary>
public sealed class HostileCorpusTests
{
    public static IEnumerable<TheoryDataRow<string, int>> Servers() =>
    [
        new("silent", 30),
        new("garbage", 30),
        new("refuses", 30),
        new("never-accepts", 60),
    ];

    // Explicit until issue 16 item 5 (silent, garbage and hung targets end error, bounded) is merged: on the corpus
    // branch and on its trial merge with the refusal and mtls branches all four rows still fail (docs/corpus/README.md,
    // "The hostile corpus"). Run it with -explicit on; remove Explicit once it passes.
    [Theory(Explicit = true)]
    [MemberData(nameof(Servers))]
    public async Task A_server_that_never_serves_gets_no_pass_and_exit_3_within_its_bound(string mode, int boundSeconds)
    {
        Assert.SkipUnless(File.Exists("/usr/bin/python3"), "python3 is not installed (the hostile servers are python3 scripts)");
        var ct = TestContext.Current.CancellationToken;
        var outDir = Directory.CreateTempSubdirectory("hostile-").FullName;
        try
        {
            var profile = Path.Combine(RepoPaths.Root, "fixtures", "corpus", "hostile", $"{mode}.yaml");
            var watch = Stopwatch.StartNew();
            await using var cli = CliProcess.Start(["run", "--profile", profile, "--out", outDir]);
            var exited = await cli.WaitForExitAsync(TimeSpan.FromSeconds(boundSeconds), ct);
            var elapsed = watch.Elapsed;
            Assert.True(exited, $"hostile {mode}: the run was still going after {boundSeconds} s (killed); output so far:\n{cli.Stdout}\n{cli.Stderr}");

            var results = Path.Combine(outDir, "latest", "results.json");
            Assert.True(File.Exists(results), $"hostile {mode}: no results.json (exit {cli.ExitCode}): {cli.Stderr}");
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(results, ct));
            var verdicts = doc.RootElement.GetProperty("scenarios").EnumerateArray()
                .Select(s => (Id: s.GetProperty("id").GetString()!, Verdict: s.GetProperty("verdict").GetString()!, Reason: s.TryGetProperty("reason", out var r) ? r.GetString() : null))
                .ToList();
            var summary = $"hostile {mode}: exit {cli.ExitCode} in {elapsed.TotalSeconds:0.0} s; " +
                string.Join(", ", verdicts.GroupBy(v => v.Verdict).Select(g => $"{g.Count()} {g.Key}"));
            TestContext.Current.TestOutputHelper?.WriteLine(summary + "\n" + string.Join('\n', verdicts.Where(v => v.Verdict is "pass" or "fail").Select(v => $"{v.Id} {v.Verdict}: {v.Reason}")));

            var passes = verdicts.Where(v => v.Verdict == "pass").Select(v => $"{v.Id}: {v.Reason}").ToList();
            Assert.True(passes.Count == 0, $"{summary}\nA server that never serves got {passes.Count} pass(es):\n{string.Join('\n', passes)}");
            Assert.True(cli.ExitCode == 3, $"{summary}\nexpected exit 3 (nothing could be judged); fails:\n{string.Join('\n', verdicts.Where(v => v.Verdict == "fail").Select(v => $"{v.Id}: {v.Reason}"))}");
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
