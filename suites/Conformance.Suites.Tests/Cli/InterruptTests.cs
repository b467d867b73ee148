using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Conformance.FakeKubernetes;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Reports;
using Conformance.Suites.Tests.Containers;
using Conformance.Suites.Tests.Support;
using Conformance.Targets.Containers;

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
    private static readonly TimeSpan MomentWithin = TimeSpan.FromSeconds(150);

    // Enough to overlap the slow parts (dotnet start-up, RT-05's load) without starving the machine.
    private static readonly SemaphoreSlim Slots = new(2);

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-interrupt-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Process_target_every_moment_and_signal_exits_in_time_and_leaves_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var rotation = new[] { "--scenario", "PT-01", "--scenario", "RT-05", "--scenario", "RT-01" };
        Case[] cases =
        [
            new("process start, group SIGINT", [], Group: true, ["INT"], (cli, _, c) => cli.WaitForLineAsync(l => l.StartsWith("conformance ", StringComparison.Ordinal), MomentWithin, c)),
            new("process readiness (never listens, ignores signals), pid SIGTERM", [], Group: false, ["TERM"], HungStarted, Hung: HungMode.NeverListens),
            new("process black-box suite, group SIGTERM", ["--suite", "san", "--suite", "tls-version", "--suite", "plaintext"], Group: true, ["TERM"], FirstResult),
            new("process RT-01 load, group SIGINT", rotation, Group: true, ["INT"], Rt05Done),
            new("process RT-01 restore, group SIGINT", rotation, Group: true, ["INT"], RestoreStarted),
            new("process hung target mid-suite, group SIGINT", [], Group: true, ["INT"], HungProbed, Hung: HungMode.Accepts),
            new("process RT-01 load, group SIGINT twice", rotation, Group: true, ["INT", "INT"], Rt05Done),
            new("process hung target mid-suite, pid SIGTERM twice", [], Group: false, ["TERM", "TERM"], HungProbed, Hung: HungMode.Accepts),
            new("process readiness (never listens), group SIGINT then SIGTERM", [], Group: true, ["INT", "TERM"], HungStarted, Hung: HungMode.NeverListens),
        ];

        await RunMatrixAsync(cases, _ => null, null, ct);
    }

    [Fact]
    public async Task Container_target_interrupted_once_or_twice_exits_in_time_and_leaves_no_container()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);
        Case[] cases =
        [
            new("container black-box suite, group SIGINT", ["--suite", "san", "--suite", "plaintext"], Group: true, ["INT"], FirstResult),
            new("container readiness, pid SIGTERM twice", [], Group: false, ["TERM", "TERM"], (cli, _, c) => ContainerCreatedAsync(client, cli, c)),
        ];

        await RunMatrixAsync(
            cases,
            c => ContainerProfiles.Write(_dir, "reference-container.yaml").Path,
            async (cli, c) =>
            {
                // Removal is asked of the engine before the exit (started, on a second signal); it is done within seconds.
                var atExit = (await OwnedAsync(client, cli, c)).Count;
                var gone = await WithinAsync(async () => (await OwnedAsync(client, cli, c)).Count == 0, TimeSpan.FromSeconds(5), c);
                return (gone ? null : "containers or networks of the run left behind", $"{atExit} container(s)/network(s) at exit");
            },
            ct);
    }

    [Fact]
    public async Task Kubernetes_fake_target_interrupted_once_or_twice_exits_in_time_and_deletes_the_namespace()
    {
        var ct = TestContext.Current.CancellationToken;
        Case[] cases =
        [
            new("kubernetes-fake black-box suite, group SIGINT", ["--suite", "san", "--suite", "plaintext"], Group: true, ["INT"], FirstResult),
            new("kubernetes-fake black-box suite, pid SIGTERM twice", ["--suite", "san", "--suite", "plaintext"], Group: false, ["TERM", "TERM"], FirstResult),
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
                    var gone = await WithinAsync(() => Task.FromResult(api.Namespaces.Count == 0 && api.RunningPods == 0), TimeSpan.FromSeconds(10), token);
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

    [Fact]
    public async Task A_run_killed_with_SIGKILL_leaves_its_keys_which_the_next_run_removes_at_its_start()
    {
        var ct = TestContext.Current.CancellationToken;
        var tmp = Directory.CreateDirectory(_dir.File("sigkill-tmp")).FullName;
        var environment = new Dictionary<string, string> { ["TMPDIR"] = tmp, ["DOTNET_EnableDiagnostics"] = "0" };
        var dll = Path.Combine(AppContext.BaseDirectory, "conformance.dll");
        string workspace;
        await using (var killed = CliProcess.StartCommand("setsid", [CliProcess.DotnetHost, dll, "run", "--out", _dir.File("sigkill-runs-1"), "--scenario", "PT-01", "--scenario", "RT-05"], environment))
        {
            // PT-01 has its result, RT-05 (seconds of load) runs: the workspace holds the run's keys.
            Assert.True(await FirstResult(killed, tmp, ct), $"no progress:\n{killed.Stdout}\n{killed.Stderr}");
            workspace = Assert.Single(Directory.EnumerateDirectories(tmp, "conformance-*"));
            Assert.True(PosixKill.Send(-killed.Id, 9), "kill -9 of the group failed");
            Assert.True(await killed.WaitForExitAsync(TimeSpan.FromSeconds(10), ct));
        }

        Assert.NotEmpty(Directory.EnumerateFiles(workspace, "*.key", SearchOption.AllDirectories));

        await using var next = CliProcess.StartCommand(CliProcess.DotnetHost, [dll, "run", "--out", _dir.File("sigkill-runs-2"), "--scenario", "PT-01"], environment);
        Assert.True(await next.WaitForExitAsync(TimeSpan.FromSeconds(120), ct), next.Stdout);

        Assert.True(next.ExitCode == ExitCodes.Conformant, $"{next.Stdout}\n{next.Stderr}");
        Assert.Contains("removed 1 workspace(s) left by killed runs", next.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace));
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
    }

    [Fact]
    public void Workspaces_whose_owner_is_gone_are_removed_and_those_of_live_runs_never()
    {
        var root = Directory.CreateDirectory(_dir.File("tmp-sweep")).FullName;

        // A dead owner: a pid that cannot exist (above pid_max), and a live pid with another start time (recycled).
        var dead = Workspace(root, "conformance-dead-", $"{int.MaxValue} 1");
        var recycled = Workspace(root, "conformance-recycled-", $"{Environment.ProcessId} 1");
        var live = Workspace(root, "conformance-live-", File.ReadAllText(Path.Combine(_dir.Path, RunWorkspace.OwnerMarker)));
        var unmarked = Directory.CreateDirectory(Path.Combine(root, "conformance-unmarked-x")).FullName;
        var foreign = Workspace(root, "other-", $"{int.MaxValue} 1");

        var removed = RunWorkspace.RemoveAbandoned(root);

        Assert.Equal([dead, recycled], removed.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(dead));
        Assert.False(Directory.Exists(recycled));
        Assert.True(File.Exists(Path.Combine(live, "tls.key")), "the workspace of a live run was touched");
        Assert.True(Directory.Exists(unmarked));
        Assert.True(Directory.Exists(foreign));
    }

    private enum HungMode
    {
        None,
        NeverListens,
        Accepts,
    }

    private static string Workspace(string root, string prefix, string marker)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, prefix + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.WriteAllText(Path.Combine(dir, RunWorkspace.OwnerMarker), marker);
        File.WriteAllText(Path.Combine(dir, "tls.key"), "not a key");
        return dir;
    }

    private async Task RunMatrixAsync(
        Case[] cases,
        Func<Case, string?> profile,
        Func<CliProcess, CancellationToken, Task<(string? Problem, string Note)>>? leftovers,
        CancellationToken ct,
        Func<Case, CancellationToken, Task<(string? Problem, string Note)>>? afterExit = null)
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

    private async Task<Outcome> RunCaseAsync(
        Case c,
        string? profile,
        Func<CliProcess, CancellationToken, Task<(string? Problem, string Note)>>? leftovers,
        Func<Case, CancellationToken, Task<(string? Problem, string Note)>>? afterExit,
        CancellationToken ct)
    {
        var root = Directory.CreateDirectory(_dir.File(new string([.. c.Name.Select(ch => char.IsLetterOrDigit(ch) ? ch : '-')]))).FullName;
        var tmp = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
        var runs = Path.Combine(root, "runs");
        var marker = Path.Combine(root, "hung-accepted");
        if (c.Hung != HungMode.None)
        {
            profile = WriteHungProfile(root, c.Hung, marker);
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
            return new Outcome($"{c.Name}: the moment never came", [$"stdout:\n{cli.Stdout}\nstderr:\n{cli.Stderr}"]);
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
            if (!await WithinAsync(() => Task.FromResult(!Pending(cli.Id, c.Signals[0])), TimeSpan.FromSeconds(2), ct))
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
            reports = await CheckReportsAsync(runs, expected, cli, problems, ct);
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

        return new Outcome(line, problems);
    }

    /// <summary>The reports of a single-signal run: all four present and saying INTERRUPTED with the exit code; results.json's fields.</summary>
    private static async Task<string> CheckReportsAsync(string runs, int expected, CliProcess cli, List<string> problems, CancellationToken ct)
    {
        var latest = Path.Combine(runs, "latest");
        var mark = $"INTERRUPTED (exit {expected})";
        var marked = 0;
        foreach (var name in new[] { ReportSet.Html, ReportSet.Markdown, ReportSet.JUnit })
        {
            var path = Path.Combine(latest, name);
            if (!File.Exists(path))
            {
                problems.Add($"{name} missing");
            }
            else if (!(await File.ReadAllTextAsync(path, ct)).Contains(mark, StringComparison.Ordinal))
            {
                problems.Add($"{name} does not say {mark}");
            }
            else
            {
                marked++;
            }
        }

        if (!cli.Stdout.Contains(mark, StringComparison.Ordinal))
        {
            problems.Add($"the terminal does not say {mark}");
        }
        else
        {
            marked++;
        }

        var json = Path.Combine(latest, ReportSet.Json);
        if (!File.Exists(json))
        {
            problems.Add("results.json missing");
            return $"{marked}/4 reports marked, no results.json";
        }

        var root = JsonDocument.Parse(await File.ReadAllTextAsync(json, ct)).RootElement;
        var exitCode = root.GetProperty("exitCode").GetInt32();
        var interrupted = root.TryGetProperty("interrupted", out var i) && i.ValueKind == JsonValueKind.True;
        var finished = root.TryGetProperty("finished", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : -1;
        var total = root.TryGetProperty("total", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : -1;
        var scenarios = root.GetProperty("scenarios").GetArrayLength();
        if (exitCode != expected || !interrupted || finished < 0 || total != scenarios || finished > total)
        {
            problems.Add($"results.json: exitCode {exitCode}, interrupted {interrupted}, finished {finished}, total {total}, {scenarios} scenario(s)");
        }

        // What was cut short is error, never pass or fail.
        foreach (var s in root.GetProperty("scenarios").EnumerateArray())
        {
            var reason = s.GetProperty("reason").GetString() ?? string.Empty;
            if (reason.Contains("run interrupted", StringComparison.Ordinal) && s.GetProperty("verdict").GetString() != "error")
            {
                problems.Add($"{s.GetProperty("id").GetString()} is {s.GetProperty("verdict").GetString()} although interrupted");
            }
        }

        return $"{marked}/4 reports marked {mark}, results.json exitCode {exitCode} interrupted {interrupted} finished {finished}/{total}";
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

    private static Task<bool> FirstResult(CliProcess cli, string tmp, CancellationToken ct) =>
        cli.WaitForLineAsync(l => l.Contains(" 1/", StringComparison.Ordinal), MomentWithin, ct);

    /// <summary>RT-05 printed: RT-01 (thousands of requests under load, then the restore) is running now.</summary>
    private static Task<bool> Rt05Done(CliProcess cli, string tmp, CancellationToken ct) =>
        cli.WaitForLineAsync(l => l.Contains("RT-05", StringComparison.Ordinal), MomentWithin, ct);

    /// <summary>
    /// RT-01's restore: after RT-05, the live certificate's <c>..data</c> link changes once for the rotation and once
    /// more when the restore puts the original back; the signal goes right after the second change.
    /// </summary>
    private static async Task<bool> RestoreStarted(CliProcess cli, string tmp, CancellationToken ct)
    {
        if (!await Rt05Done(cli, tmp, ct))
        {
            return false;
        }

        var link = Directory.EnumerateDirectories(tmp, "live", SearchOption.AllDirectories).Select(d => Path.Combine(d, "..data")).FirstOrDefault();
        if (link is null)
        {
            return false;
        }

        var seen = new FileInfo(link).LinkTarget;
        var changes = 0;
        var clock = Stopwatch.StartNew();
        while (changes < 2 && clock.Elapsed < MomentWithin && !cli.HasExited)
        {
            string? now;
            try
            {
                now = new FileInfo(link).LinkTarget;
            }
            catch (IOException)
            {
                now = seen;
            }

            if (now is not null && now != seen)
            {
                changes++;
                seen = now;
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), ct);
            }
        }

        return changes == 2;
    }

    /// <summary>The hung target runs (the harness is waiting for it to listen, which it never does).</summary>
    private static Task<bool> HungStarted(CliProcess cli, string tmp, CancellationToken ct) =>
        WithinAsync(() => Task.FromResult(SessionProcesses.InSession(cli.Id).Any(p => p.Command.Contains("hung-target.py", StringComparison.Ordinal))), MomentWithin, ct);

    /// <summary>The hung target accepted the readiness check and the served check's connection, which now waits on it.</summary>
    private static async Task<bool> HungProbed(CliProcess cli, string tmp, CancellationToken ct)
    {
        var marker = cli.EnvironmentVariable("HUNG_MARKER");
        return await WithinAsync(
            () =>
            {
                try
                {
                    return Task.FromResult(int.TryParse(File.ReadAllText(marker).Trim(), CultureInfo.InvariantCulture, out var n) && n >= 2);
                }
                catch (IOException)
                {
                    return Task.FromResult(false);
                }
            },
            MomentWithin,
            ct);
    }

    private static async Task<bool> ContainerCreatedAsync(Docker.DotNet.IDockerClient client, CliProcess cli, CancellationToken ct) =>
        await WithinAsync(async () => (await OwnedAsync(client, cli, ct)).Count > 0, MomentWithin, ct);

    /// <summary>Containers and networks labelled with the CLI's pid.</summary>
    private static async Task<List<string>> OwnedAsync(Docker.DotNet.IDockerClient client, CliProcess cli, CancellationToken ct)
    {
        var pid = cli.Id.ToString(CultureInfo.InvariantCulture);
        var containers = await DockerEngine.ListHarnessContainersAsync(client, null, ct);
        var networks = await DockerEngine.ListHarnessNetworksAsync(client, null, ct);
        return [.. containers.Where(c => c.Labels.TryGetValue(DockerEngine.PidLabel, out var p) && p == pid).Select(c => c.ID),
            .. networks.Where(n => n.Labels.TryGetValue(DockerEngine.PidLabel, out var p) && p == pid).Select(n => n.ID)];
    }

    private static async Task<bool> WithinAsync(Func<Task<bool>> condition, TimeSpan within, CancellationToken ct)
    {
        try
        {
            await Poll.UntilAsync(condition, within, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// A target that ignores SIGINT and SIGTERM and either never listens (the harness waits in readiness) or accepts
    /// connections and never answers (every probe hangs until its timeout), counting them in <paramref name="marker"/>.
    /// </summary>
    private static string WriteHungProfile(string root, HungMode mode, string marker)
    {
        var script = Path.Combine(root, "hung-target.py");
        File.WriteAllText(script, """
            import signal, socket, sys, time
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            deadline = time.time() + 300
            if sys.argv[1] == "never":
                while time.time() < deadline:
                    time.sleep(1)
                sys.exit(0)
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", int(sys.argv[2])))
            s.listen(128)
            held = []
            while time.time() < deadline:
                c, _ = s.accept()
                held.append(c)
                with open(sys.argv[3], "w") as f:
                    f.write(str(len(held)))
            """);
        var path = Path.Combine(root, "hung.yaml");
        File.WriteAllText(path, $$"""
            apiVersion: conformance/v1
            name: hung
            description: ignores SIGINT and SIGTERM; {{(mode == HungMode.NeverListens ? "never listens" : "accepts and never answers")}}
            target:
              kind: process
              command: python3
              args: ["{{script}}", "{{(mode == HungMode.NeverListens ? "never" : "accept")}}", "{port:https}", "{{marker}}"]
              ready: { tcp: "{port:https}", within: 120s }
              stopTimeout: 5s
            endpoints:
              https:
                port: "{port:https}"
                serverName: localhost
                trust: "{pki:ca}"
            pki:
              serverNames: [localhost]
              ipAddresses: [127.0.0.1]
            """);
        return path;
    }

    private sealed record Case(string Name, string[] Args, bool Group, string[] Signals, Func<CliProcess, string, CancellationToken, Task<bool>> Moment, HungMode Hung = HungMode.None);

    private sealed record Outcome(string Line, List<string> Problems);
}
