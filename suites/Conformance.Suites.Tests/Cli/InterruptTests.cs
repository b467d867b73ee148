using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Conformance.FakeKubernetes;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Containers;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// The interruption matrix: a real <c>conformance run</c> child in a session and process group of its own (started
/// with setsid), signalled with kill(2) — to the whole group, as a terminal's Ctrl+C or a CI runner's cancel does (the
/// target gets the signal too), or to the CLI's pid alone — at a moment picked by a condition (a progress line, the
/// target's own marker, the certificate's swap), never by a sleep. Single signals: exit 130/143 within 3 s, reports
/// present and saying INTERRUPTED. Double signals: exit within 1 s of the second, one line, no report needed. Every
/// case: no process left in the CLI's session, the child's own TMPDIR empty (no workspace, no key file), and for the
/// container and kubernetes targets no container and no namespace left. Cases of one target run concurrently.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(InterruptCollection.Name)]
public sealed class InterruptTests : IDisposable
{
    private static readonly TimeSpan SingleBound = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SecondBound = TimeSpan.FromSeconds(1);

    // Enough to overlap the slow parts (dotnet start-up, RT-05's load) without starving the machine.
    private static readonly SemaphoreSlim Slots = new(2);

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-interrupt-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Process_target_every_moment_and_signal_exits_in_time_and_leaves_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var rotation = new[] { "--scenario", "PT-01", "--scenario", "RT-05", "--scenario", "RT-01" };
        InterruptCase[] cases =
        [
            new("process start, group SIGINT", [], Group: true, ["INT"], (cli, _, c) => cli.WaitForLineAsync(l => l.StartsWith("conformance ", StringComparison.Ordinal), InterruptMoments.MomentWithin, c)),
            new("process readiness (never listens, ignores signals), pid SIGTERM", [], Group: false, ["TERM"], InterruptMoments.HungStarted, Hung: HungMode.NeverListens),
            new("process black-box suite, group SIGTERM", ["--suite", "san", "--suite", "tls-version", "--suite", "plaintext"], Group: true, ["TERM"], InterruptMoments.FirstResult),
            new("process RT-01 load, group SIGINT", rotation, Group: true, ["INT"], InterruptMoments.Rt05Done),
            new("process RT-01 restore, group SIGINT", rotation, Group: true, ["INT"], InterruptMoments.RestoreStarted),
            new("process hung target mid-suite, group SIGINT", [], Group: true, ["INT"], InterruptMoments.HungProbed, Hung: HungMode.Accepts),
            new("process RT-01 load, group SIGINT twice", rotation, Group: true, ["INT", "INT"], InterruptMoments.Rt05Done),
            new("process hung target mid-suite, pid SIGTERM twice", [], Group: false, ["TERM", "TERM"], InterruptMoments.HungProbed, Hung: HungMode.Accepts),
            new("process readiness (never listens), group SIGINT then SIGTERM", [], Group: true, ["INT", "TERM"], InterruptMoments.HungStarted, Hung: HungMode.NeverListens),
        ];

        await RunMatrixAsync(cases, _ => null, null, ct);
    }

    [Fact]
    public async Task Container_target_interrupted_once_or_twice_exits_in_time_and_leaves_no_container()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);
        InterruptCase[] cases =
        [
            new("container black-box suite, group SIGINT", ["--suite", "san", "--suite", "plaintext"], Group: true, ["INT"], InterruptMoments.FirstResult),
            new("container readiness, pid SIGTERM twice", [], Group: false, ["TERM", "TERM"], (cli, _, c) => InterruptMoments.ContainerCreatedAsync(client, cli, c)),
        ];

        await RunMatrixAsync(
            cases,
            c => ContainerProfiles.Write(_dir, "reference-container.yaml").Path,
            async (cli, c) =>
            {
                // Removal is asked of the engine before the exit (started, on a second signal); it is done within seconds.
                var atExit = (await InterruptMoments.OwnedAsync(client, cli, c)).Count;
                var gone = await InterruptMoments.WithinAsync(async () => (await InterruptMoments.OwnedAsync(client, cli, c)).Count == 0, TimeSpan.FromSeconds(5), c);
                return (gone ? null : "containers or networks of the run left behind", $"{atExit} container(s)/network(s) at exit");
            },
            ct);
    }

    [Fact]
    public async Task Kubernetes_fake_target_interrupted_once_or_twice_exits_in_time_and_deletes_the_namespace()
    {
        var ct = TestContext.Current.CancellationToken;
        InterruptCase[] cases =
        [
            new("kubernetes-fake black-box suite, group SIGINT", ["--suite", "san", "--suite", "plaintext"], Group: true, ["INT"], InterruptMoments.FirstResult),
            new("kubernetes-fake black-box suite, pid SIGTERM twice", ["--suite", "san", "--suite", "plaintext"], Group: false, ["TERM", "TERM"], InterruptMoments.FirstResult),
        ];
        var clusters = new Dictionary<string, FakeKubernetesCluster>(StringComparer.Ordinal);
        try
        {
            foreach (var c in cases)
            {
                clusters[c.Name] = await FakeKubernetesCluster.StartAsync(ct);
            }

            await RunMatrixAsync(
                cases,
                c => clusters[c.Name].Profile("reference-kubernetes.yaml"),
                null,
                ct,
                async (c, token) =>
                {
                    var api = clusters[c.Name].Api;
                    var deleted = api.Requests.Any(r => r.Method == "DELETE" && r.Path.StartsWith("/api/v1/namespaces/", StringComparison.Ordinal) && !r.Path.Contains("/configmaps/", StringComparison.Ordinal));
                    var gone = await InterruptMoments.WithinAsync(() => Task.FromResult(api.Namespaces.Count == 0 && api.RunningPods == 0), TimeSpan.FromSeconds(10), token);
                    return (deleted && gone ? null : $"namespace deletion {(deleted ? "sent" : "NOT sent")}, namespaces left: {string.Join(", ", api.Namespaces)}, pods running: {api.RunningPods}", deleted ? "namespace DELETE sent" : "no namespace DELETE");
                });
        }
        finally
        {
            foreach (var cluster in clusters.Values)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    private async Task RunMatrixAsync(
        InterruptCase[] cases,
        Func<InterruptCase, string?> profile,
        Func<CliProcess, CancellationToken, Task<(string? Problem, string Note)>>? leftovers,
        CancellationToken ct,
        Func<InterruptCase, CancellationToken, Task<(string? Problem, string Note)>>? afterExit = null)
    {
        var outcomes = await Task.WhenAll(cases.Select(async c =>
        {
            await Slots.WaitAsync(ct);
            try
            {
                return await RunCaseAsync(c, profile(c), leftovers, afterExit, ct);
            }
            finally
            {
                Slots.Release();
            }
        }));

        foreach (var o in outcomes)
        {
            TestContext.Current.SendDiagnosticMessage(o.Line);
        }

        var failed = outcomes.Where(o => o.Problems.Count > 0).Select(o => $"{o.Line}\n    " + string.Join("\n    ", o.Problems)).ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    private async Task<InterruptOutcome> RunCaseAsync(
        InterruptCase c,
        string? profile,
        Func<CliProcess, CancellationToken, Task<(string? Problem, string Note)>>? leftovers,
        Func<InterruptCase, CancellationToken, Task<(string? Problem, string Note)>>? afterExit,
        CancellationToken ct)
    {
        var root = Directory.CreateDirectory(_dir.File(new string([.. c.Name.Select(ch => char.IsLetterOrDigit(ch) ? ch : '-')]))).FullName;
        var tmp = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
        var runs = Path.Combine(root, "runs");
        var marker = Path.Combine(root, "hung-accepted");
        if (c.Hung != HungMode.None)
        {
            profile = HungTarget.WriteProfile(root, c.Hung, marker);
        }

        string[] args = ["run", "--out", runs, "--seed", "11", .. profile is null ? Array.Empty<string>() : ["--profile", profile], .. c.Args];
        // env --default-signal: a test run started from a non-interactive shell's background job inherits SIGINT
        // ignored, and the CLI rightly keeps an ignored SIGINT ignored; a terminal's Ctrl+C is what is simulated here.
        await using var cli = CliProcess.StartCommand(
            "setsid",
            ["env", "--default-signal=INT,TERM", CliProcess.DotnetHost, Path.Combine(AppContext.BaseDirectory, "conformance.dll"), .. args],
            new Dictionary<string, string> { ["TMPDIR"] = tmp, ["DOTNET_EnableDiagnostics"] = "0", ["HUNG_MARKER"] = marker });
        var problems = new List<string>();
        var expected = c.Signals[0] == "INT" ? ExitCodes.Interrupted : ExitCodes.Terminated;

        if (!await c.Moment(cli, tmp, ct))
        {
            return new InterruptOutcome($"{c.Name}: the moment never came", [$"stdout:\n{cli.Stdout}\nstderr:\n{cli.Stderr}"]);
        }

        // setsid ran the CLI in place: it leads its own session and group, and its target is in them.
        Assert.Equal((cli.Id, cli.Id), SessionProcesses.Stat(cli.Id) is { } s ? (s.Group, s.Session) : default);
        var running = SessionProcesses.InSession(cli.Id).Count;

        var clock = Stopwatch.StartNew();
        Signal(c.Signals[0], cli.Id, c.Group);
        var secondAt = TimeSpan.Zero;
        if (c.Signals.Length > 1)
        {
            // Two signals of one kind pending at once are one signal to the kernel: the second goes once the first was delivered.
            if (!await InterruptMoments.WithinAsync(() => Task.FromResult(!Pending(cli.Id, c.Signals[0])), TimeSpan.FromSeconds(2), ct))
            {
                problems.Add($"SIG{c.Signals[0]} still pending 2 s after it was sent");
            }

            secondAt = clock.Elapsed;
            Signal(c.Signals[1], cli.Id, c.Group);
        }

        var exited = await cli.WaitForExitAsync(TimeSpan.FromSeconds(15), ct);
        var elapsed = clock.Elapsed;
        var left = SessionProcesses.InSession(cli.Id);
        var files = Directory.EnumerateFileSystemEntries(tmp, "*", SearchOption.AllDirectories).ToList();
        var keys = files.Count(f => f.EndsWith(".key", StringComparison.Ordinal) || f.EndsWith(".pem", StringComparison.Ordinal));
        var bound = c.Signals.Length > 1 ? SecondBound : SingleBound;
        var measured = c.Signals.Length > 1 ? elapsed - secondAt : elapsed;
        if (!exited)
        {
            problems.Add("still running 15 s after the signal");
        }
        else
        {
            if (cli.ExitCode != expected)
            {
                problems.Add($"exit {cli.ExitCode}, expected {expected}");
            }

            if (measured > bound)
            {
                problems.Add($"exit took {measured.TotalMilliseconds:0} ms, bound {bound.TotalMilliseconds:0} ms");
            }
        }

        if (left.Count > 0)
        {
            problems.Add($"{left.Count} process(es) left: {string.Join("; ", left.Select(p => $"{p.Pid} {p.Command}"))}");
        }

        if (files.Count > 0)
        {
            problems.Add($"left in TMPDIR: {string.Join(", ", files)}");
        }

        if (cli.Stderr.Contains("   at ", StringComparison.Ordinal))
        {
            problems.Add("a stack trace on stderr");
        }

        var reports = "no report (second signal)";
        if (c.Signals.Length == 1)
        {
            reports = await InterruptReports.CheckReportsAsync(runs, expected, cli, problems, ct);
            if (!cli.Stderr.Contains($"interrupted by SIG{c.Signals[0]}", StringComparison.Ordinal))
            {
                problems.Add("stderr does not say which signal interrupted the run");
            }
        }
        else
        {
            var lines = cli.Stderr.Split('\n').Count(l => l.Contains("second signal", StringComparison.Ordinal));
            // A fast first cleanup (the fake API answers at once) may have finished before the second signal landed:
            // then the run's own closing line stands instead, and the exit bounds above still hold.
            var finishedFirst = lines == 0 && cli.Stderr.Contains($"interrupted by SIG{c.Signals[0]}: stopped, cleaned up", StringComparison.Ordinal);
            if (lines != 1 && !finishedFirst)
            {
                problems.Add($"{lines} 'second signal' line(s) on stderr, expected 1");
            }
        }

        var note = string.Empty;
        if (leftovers is not null && exited)
        {
            var (problem, n) = await leftovers(cli, ct);
            note += $", {n}";
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        if (afterExit is not null && exited)
        {
            var (problem, n) = await afterExit(c, ct);
            note += $", {n}";
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        var exit = exited ? cli.ExitCode.ToString(CultureInfo.InvariantCulture) : "none";
        var line = $"{c.Name}: exit {exit} in {measured.TotalMilliseconds:0} ms of the {(c.Signals.Length > 1 ? "second" : "first")} signal (bound {bound.TotalMilliseconds:0}), "
            + $"{running} process(es) in the session before, {left.Count} after, {keys} key file(s) and {files.Count} entries left in TMPDIR, {reports}{note}";
        if (problems.Count > 0)
        {
            problems.Add($"stdout:\n{cli.Stdout}\nstderr:\n{cli.Stderr}");
        }

        return new InterruptOutcome(line, problems);
    }

    /// <summary>Whether <paramref name="signal"/> is pending (sent, not yet delivered) for <paramref name="pid"/>, from /proc/PID/status.</summary>
    private static bool Pending(int pid, string signal)
    {
        var bit = 1UL << ((signal == "INT" ? 2 : 15) - 1);
        try
        {
            return File.ReadLines($"/proc/{pid}/status")
                .Where(l => l.StartsWith("SigPnd:", StringComparison.Ordinal) || l.StartsWith("ShdPnd:", StringComparison.Ordinal))
                .Any(l => (ulong.Parse(l[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & bit) != 0);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Signal(string signal, int pid, bool group)
    {
        var number = signal == "INT" ? PosixKill.SigInt : PosixKill.SigTerm;
        Assert.True(PosixKill.Send(group ? -pid : pid, number), $"kill({(group ? -pid : pid)}, {number}) failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }
}
