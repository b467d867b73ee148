using System.Diagnostics;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Reports;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Adapter;

/// <summary>
/// Ctrl+C on <c>dotnet test</c> interrupts the profile run as SIGINT interrupts <c>conformance run</c>: this assembly's
/// test runner, filtered to <see cref="ScenarioTests"/>, in a session of its own (setsid), gets SIGINT once the first
/// scenarios are reported; the run stops its target, writes the partial reports (interrupted, exit 130, the scenarios
/// cut short are error) and the runner exits, leaving no process and no key file.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AdapterInterruptTests : IDisposable
{
    /// <summary>Generous: this runs beside the other tests; the runner's own bound on an interrupted run is about a second.</summary>
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(15);

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-adapter-interrupt-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sigint_to_the_test_runner_interrupts_the_run_and_writes_the_partial_reports()
    {
        var ct = TestContext.Current.CancellationToken;
        var runs = _dir.File("runs");
        var tmp = Directory.CreateDirectory(_dir.File("tmp")).FullName;

        // env --default-signal: a test run started from a background job inherits SIGINT ignored; Ctrl+C is simulated.
        await using var runner = CliProcess.StartCommand(
            "setsid",
            ["env", "--default-signal=INT,TERM", CliProcess.DotnetHost, typeof(ScenarioTests).Assembly.Location, "-class", typeof(ScenarioTests).FullName!, "-noLogo", "-noColor", "-noAutoReporters"],
            new Dictionary<string, string> { ["CONFORMANCE_PROFILE"] = RepoPaths.Profile("reference.yaml"), ["CONFORMANCE_REPORTS"] = runs, ["TMPDIR"] = tmp, ["DOTNET_EnableDiagnostics"] = "0" });

        // PT-02 does not apply to the reference: its test case is skipped once PT-01's has passed, seconds into the
        // run and long before the rotations (about 30 s of it) are done.
        Assert.True(await runner.WaitForLineAsync(l => l.Contains("[SKIP]", StringComparison.Ordinal), TimeSpan.FromSeconds(150), ct), $"no test case was reported:{Environment.NewLine}{runner.Stdout}{Environment.NewLine}{runner.Stderr}");
        var clock = Stopwatch.StartNew();
        Assert.True(PosixKill.Send(runner.Id, PosixKill.SigInt), "kill(2) failed");
        Assert.True(await runner.WaitForExitAsync(ExitBound, ct), $"the test runner was still running {ExitBound.TotalSeconds:0} s after SIGINT:{Environment.NewLine}{runner.Stdout}");
        TestContext.Current.TestOutputHelper?.WriteLine($"test runner exited {runner.ExitCode} {clock.ElapsedMilliseconds} ms after SIGINT");

        var json = Path.Combine(runs, RunOutput.Latest, "results.json");
        Assert.True(File.Exists(json), $"no partial report {json}:{Environment.NewLine}{runner.Stdout}{Environment.NewLine}{runner.Stderr}");
        var run = JsonReport.Read(json);
        Assert.True(run.Interrupted, $"the run was not interrupted: {run.InfrastructureError}");
        Assert.Equal(ExitCodes.Interrupted, run.ExitCode);
        Assert.Equal(Catalog.All.Count, run.Scenarios.Count);
        Assert.Contains(run.Scenarios, s => s.Verdict == VerdictKind.Pass);
        Assert.Contains(run.Scenarios, s => s.Verdict == VerdictKind.Error && s.Reason?.StartsWith("run interrupted", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(run.Scenarios, s => s.Verdict == VerdictKind.Fail);

        // A test case cut short fails as interrupted (an error), never as a proven failure. Whether one is reported at
        // all is a race the runner owns: its own Ctrl+C handling may end the session before the waiting case reports.
        var lines = runner.Stdout.Split('\n');
        var failed = lines.Select((l, i) => (l, i)).Where(x => x.l.Contains("[FAIL]", StringComparison.Ordinal)).ToList();
        Assert.All(failed, f => Assert.True(
            lines.Skip(f.i + 1).Take(4).Any(l => l.Contains("error (the harness could not decide): run interrupted", StringComparison.Ordinal)),
            $"a test case failed for another cause than the interruption: {f.l}{Environment.NewLine}{runner.Stdout}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{failed.Count} test case(s) reported as interrupted");
        Assert.NotEqual(0, runner.ExitCode);

        // The target's kill is sent, not awaited, as the run ends: its process is given a moment to go.
        var left = SessionProcesses.InSession(runner.Id);
        try
        {
            await Poll.UntilAsync(() => (left = SessionProcesses.InSession(runner.Id)).Count == 0, TimeSpan.FromSeconds(5), ct);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"left in the runner's session: {string.Join("; ", left.Select(p => $"{p.Pid} {p.Command}"))}");
        }

        var keys = Directory.EnumerateFiles(tmp, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".key", StringComparison.Ordinal) || f.EndsWith(".pem", StringComparison.Ordinal)).ToList();
        Assert.True(keys.Count == 0, $"key material left: {string.Join(", ", keys)}");
    }
}
