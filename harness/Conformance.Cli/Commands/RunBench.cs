using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites;

namespace Conformance.Cli.Commands;

/// <summary>
/// Whole runs, as <c>conformance run</c> does them: <c>bench --run</c> times one run with scenarios in parallel and one
/// serial, per suite; <c>bench --repeat N</c> runs N times and compares the verdicts (a gate that flakes is switched off).
/// </summary>
internal static class RunBench
{
    /// <summary>Wall time of a parallel and a serial run (after a short warm-up run), and each suite's sum of scenario times.</summary>
    public static async Task<int> TimeAsync(TextWriter output, Profile profile, IReadOnlyList<string> suites, int seed, CancellationToken ct)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench --run: profile {profile.Name}, suites {(suites.Count == 0 ? "all" : string.Join(", ", suites))}, seed {seed}, {Environment.ProcessorCount} processor(s)"));

        // Warm-up: JIT and first-use costs land here, not in the measured runs.
        await RunOnceAsync(profile, new RunOptions { Seed = seed, Suites = ["plaintext"] }, ct);
        var parallel = await RunOnceAsync(profile, new RunOptions { Seed = seed, Suites = suites }, ct);
        var serial = await RunOnceAsync(profile, new RunOptions { Seed = seed, Suites = suites, Parallelism = 1 }, ct);

        output.WriteLine($"{"suite",-18} {"scenarios",9} {"parallel Σ ms",14} {"serial Σ ms",12}");
        foreach (var suite in parallel.Result.Scenarios.Select(s => s.Suite).Distinct())
        {
            double Sum(RunResult r) => r.Scenarios.Where(s => s.Suite == suite).Sum(s => s.DurationMs);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{suite,-18} {parallel.Result.Scenarios.Count(s => s.Suite == suite),9} {Sum(parallel.Result),14:0} {Sum(serial.Result),12:0}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time: parallel {parallel.WallMs:0} ms ({Verdicts(parallel.Result)}), serial {serial.WallMs:0} ms ({Verdicts(serial.Result)}); parallel saves {serial.WallMs - parallel.WallMs:0} ms"));
        var differences = Differences([parallel.Result, serial.Result]);
        output.WriteLine(differences.Count == 0 ? "verdicts: identical in both runs" : "verdicts: DIFFER between the parallel (run 1) and the serial run (run 2)");
        foreach (var line in differences)
        {
            output.WriteLine(line);
        }

        return ExitCodes.Conformant;
    }

    /// <summary>
    /// Runs <paramref name="repeat"/> times with seeds seed, seed+1, …; prints each run's verdict fingerprint and says
    /// "identical" or lists every scenario whose verdict changed. Exit 0 when identical, 1 when not.
    /// </summary>
    public static async Task<int> RepeatAsync(TextWriter output, Profile profile, IReadOnlyList<string> suites, IReadOnlyList<string> scenarios, int repeat, int seed, CancellationToken ct)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench --repeat {repeat}: profile {profile.Name}, suites {(suites.Count == 0 ? "all" : string.Join(", ", suites))}{(scenarios.Count == 0 ? string.Empty : $", scenarios {string.Join(", ", scenarios)}")}, seeds {seed}..{seed + repeat - 1}"));
        var runs = new List<RunResult>();
        for (var i = 0; i < repeat; i++)
        {
            var (result, ms) = await RunOnceAsync(profile, new RunOptions { Seed = seed + i, Suites = suites, Scenarios = scenarios }, ct);
            ct.ThrowIfCancellationRequested();
            runs.Add(result);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {i + 1,2}: fingerprint {Fingerprint(result)}  {Verdicts(result),-22} {ms,8:0} ms{Unusual(result)}"));
        }

        var differences = Differences(runs);
        if (differences.Count == 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"identical: all {repeat} runs gave the same verdicts ({runs[0].Scenarios.Count} scenarios, fingerprint {Fingerprint(runs[0])})"));
            return ExitCodes.Conformant;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DIFFERENT: {differences.Count} scenario(s) changed verdict between runs"));
        foreach (var line in differences)
        {
            output.WriteLine(line);
        }

        return ExitCodes.NonConformant;
    }

    /// <summary>One line per scenario whose verdict is not the same in every run: each verdict, the runs, a reason.</summary>
    private static List<string> Differences(IReadOnlyList<RunResult> runs) =>
        [.. runs[0].Scenarios.Select(s => s.Id)
            .Where(id => runs.Select(r => r.Scenarios.Single(s => s.Id == id).Verdict).Distinct().Count() > 1)
            .Select(id => $"  {id}: " + string.Join("; ", runs.Select((r, i) => (Run: i + 1, Result: r.Scenarios.Single(s => s.Id == id)))
                .GroupBy(x => x.Result.Verdict)
                .Select(g => $"{g.Key.ToString().ToLowerInvariant()} in run(s) {string.Join(",", g.Select(x => x.Run))} ({g.First().Result.Reason})")))];

    /// <summary>First 12 hex digits of SHA-256 over "ID=verdict" lines in catalog order: equal fingerprints, equal verdicts.</summary>
    public static string Fingerprint(RunResult result) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', result.Scenarios.Select(s => $"{s.Id}={s.Verdict}")))))[..12];

    /// <summary>The failed and errored IDs, so a run that differs says where without waiting for the end.</summary>
    private static string Unusual(RunResult r) =>
        r.Scenarios.Where(s => s.Verdict is VerdictKind.Fail or VerdictKind.Error).Select(s => $"{s.Id} {s.Verdict.ToString().ToLowerInvariant()}").ToList() is { Count: > 0 } odd
            ? $"  ({string.Join(", ", odd)})"
            : string.Empty;

    private static string Verdicts(RunResult r) => $"{r.Verdicts.Pass}p {r.Verdicts.Fail}f {r.Verdicts.NotApplicable}na {r.Verdicts.Error}e";

    private static async Task<(RunResult Result, double WallMs)> RunOnceAsync(Profile profile, RunOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var result = await new ScenarioRunner(TimeProvider.System).RunAsync(profile, Catalog.All, options, null, ct);
        return (result, clock.Elapsed.TotalMilliseconds);
    }
}
