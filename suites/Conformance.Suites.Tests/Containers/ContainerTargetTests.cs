using System.Net.Sockets;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Logs;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;
using Conformance.Targets.Containers;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Conformance.Suites.Tests.Containers;

/// <summary>
/// The container target against a real Docker engine and the locally built images: the shipped container profiles
/// judged like their process twins, output capture, real restarts, swaps inside the container, and no container of
/// the harness left behind after a pass, a failed start, or a cancellation.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class ContainerTargetTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-container-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Reference_container_passes_every_scenario_the_process_reference_passes()
    {
        var ct = TestContext.Current.CancellationToken;
        await DockerAvailability.RequireAsync(ct);

        var container = await ProfileRuns.RunAsync("reference-container.yaml", ct);
        var process = await ProfileRuns.RunAsync("reference.yaml", ct);

        // SV-04 needs the good pair put back into a container that refused to start, which exec cannot do: not applicable.
        var passedOnProcess = process.Scenarios.Where(s => s.Verdict == VerdictKind.Pass).Select(s => s.Id).Except(["SV-04"]).ToHashSet();
        var passedInContainer = container.Scenarios.Where(s => s.Verdict == VerdictKind.Pass).Select(s => s.Id).ToHashSet();
        Assert.True(passedOnProcess.IsSubsetOf(passedInContainer), $"passed on the process target but not in the container: {string.Join(", ", passedOnProcess.Except(passedInContainer))}{Environment.NewLine}{ProfileRuns.Describe(container)}");
        Assert.Equal(VerdictKind.NotApplicable, container.Scenarios.Single(s => s.Id == "SV-04").Verdict);
        Assert.Contains("RT-01", passedInContainer);
        Assert.Contains("SV-01", passedInContainer);
        Assert.DoesNotContain(container.Scenarios, s => s.Verdict is VerdictKind.Fail or VerdictKind.Error);
    }

    [Fact]
    public async Task Nginx_container_is_judged_and_rotated_inside_the_container()
    {
        var ct = TestContext.Current.CancellationToken;
        await DockerAvailability.RequireAsync(ct);

        var run = await ProfileRuns.RunAsync("nginx-container.yaml", ct);

        var verdicts = run.Scenarios.ToDictionary(s => s.Id, s => s.Verdict);
        Assert.DoesNotContain(run.Scenarios, s => s.Verdict is VerdictKind.Fail or VerdictKind.Error);
        foreach (var id in new[] { "PT-01", "RD-01", "SAN-01", "TV-02", "RT-01", "RT-05", "SV-03" })
        {
            Assert.True(verdicts[id] == VerdictKind.Pass, $"{id}: {verdicts[id]}{Environment.NewLine}{ProfileRuns.Describe(run)}");
        }

        // nginx's refusal of plaintext is its 400 page: judged through the published port like on the host.
        Assert.Contains("400", run.Scenarios.Single(s => s.Id == "PT-01").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_is_captured_by_source_and_a_restart_is_a_real_container_restart_on_the_same_ports()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);
        var (path, _) = ContainerProfiles.Write(_dir, "reference-container.yaml");
        await using var env = RunEnvironment.Prepare(ProfileLoader.Load(path), TimeProvider.System);
        var target = Assert.IsType<ContainerTarget>(env.Target);

        await target.StartAsync(ct);
        var id = target.ContainerId!;
        var firstStart = (await client.Containers.InspectContainerAsync(id, ct)).State?.StartedAt;
        await Poll.UntilAsync(() => Listening(target.Logs) == 1, TimeSpan.FromSeconds(10), ct);
        Assert.All(target.Logs.Where(l => l.Text.StartsWith("listening", StringComparison.Ordinal)), l => Assert.Equal("stdout", l.Source));

        await env.Actions!.RestartAsync(ct);

        var inspect = await client.Containers.InspectContainerAsync(id, ct);
        Assert.True(inspect.State?.Running);
        Assert.NotEqual(firstStart, inspect.State?.StartedAt);
        await Poll.UntilAsync(() => Listening(target.Logs) == 2, TimeSpan.FromSeconds(10), ct);
        Assert.Equal(2, Listening(target.Logs)); // re-attached for the new start, no line twice
        var https = env.Endpoints.Single(e => e.Name == "https");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", https.Port, ct);
    }

    [Fact]
    public async Task A_certificate_swap_inside_the_container_is_served_after_the_reload_command()
    {
        var ct = TestContext.Current.CancellationToken;
        await DockerAvailability.RequireAsync(ct);
        var (path, _) = ContainerProfiles.Write(_dir, "nginx-container.yaml", t => t.Replace(
            "reload: { signal: HUP }",
            "reload: { command: [/usr/sbin/nginx, -p, \"{run:dir}\", -e, stderr, -c, \"{file:nginx.conf}\", -s, reload] }",
            StringComparison.Ordinal));
        await using var env = RunEnvironment.Prepare(ProfileLoader.Load(path), TimeProvider.System);
        await env.Target.StartAsync(ct);
        var pki = env.Pki!;
        using var replacement = pki.IssueReplacementLeaf();

        await env.Actions!.ReplaceCertificateAsync(PemWriter.CertificatesPem(replacement.ServedChain), PemWriter.PrivateKeyPem(replacement.Certificate), ct);
        await env.Actions.ReloadAsync(ct);

        var https = env.Endpoints.Single(e => e.Name == "https");
        var probe = new Probes.HandshakeProbe(new Probes.ProbeOptions(), TimeProvider.System);
        string? served = null;
        await Poll.UntilAsync(
            async () =>
            {
                using var hs = await probe.ConnectAsync(new Probes.HandshakeRequest(https.Name, https.Host, https.Port, https.ServerName), ct);
                served = hs.Evidence.Chain.FirstOrDefault()?.Sha256Fingerprint.Replace(":", string.Empty, StringComparison.Ordinal);
                return string.Equals(served, replacement.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), StringComparison.OrdinalIgnoreCase);
            },
            TimeSpan.FromSeconds(10),
            ct);

        // A reload command that fails inside the container is an error naming it, not a silent success.
        var broken = await Assert.ThrowsAsync<TargetException>(() => ((ContainerTargetActions)env.Actions).Target.ExecAsync(["/bin/false"], TimeSpan.FromSeconds(10), ct));
        Assert.Contains("exited with code 1 inside the container", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_that_exits_before_it_is_ready_is_reported_with_its_output_and_removed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);
        var (path, _) = ContainerProfiles.Write(_dir, "reference-container.yaml", t => t.Replace("    - --mode\n    - reference\n", "    - --mode\n    - bogus\n", StringComparison.Ordinal));
        var env = RunEnvironment.Prepare(ProfileLoader.Load(path), TimeProvider.System);
        var target = Assert.IsType<ContainerTarget>(env.Target);
        try
        {
            var e = await Assert.ThrowsAsync<TargetException>(() => target.StartAsync(ct));
            Assert.Contains("exited with code", e.Message, StringComparison.Ordinal);
            Assert.Contains("--mode", e.Message, StringComparison.Ordinal);
            Assert.Contains(target.Logs, l => l.Source == "stderr" && l.Text.Contains("--mode", StringComparison.Ordinal));
            Assert.NotEmpty(await DockerEngine.ListHarnessContainersAsync(client, target.RunId, ct));
        }
        finally
        {
            await env.DisposeAsync();
        }

        Assert.Empty(await DockerEngine.ListHarnessContainersAsync(client, target.RunId, ct));
    }

    [Fact]
    public async Task A_cancelled_start_leaves_no_container()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);

        // Ready only when a port nothing listens on accepts: the start waits until it is cancelled.
        var (path, _) = ContainerProfiles.Write(_dir, "reference-container.yaml", t => t
            .Replace("ports: [https, http]", "ports: [https, http, never]", StringComparison.Ordinal)
            .Replace("ready: { tcp: \"{port:https}\", within: 30s }", "ready: { tcp: \"{port:never}\", within: 120s }", StringComparison.Ordinal));
        var env = RunEnvironment.Prepare(ProfileLoader.Load(path), TimeProvider.System);
        var target = Assert.IsType<ContainerTarget>(env.Target);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            var start = target.StartAsync(cancel.Token);
            await Poll.UntilAsync(
                async () => (await DockerEngine.ListHarnessContainersAsync(client, target.RunId, ct)).Any(c => c.State == "running"),
                TimeSpan.FromSeconds(30),
                ct);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
        }
        finally
        {
            await env.DisposeAsync();
        }

        Assert.Empty(await DockerEngine.ListHarnessContainersAsync(client, target.RunId, ct));
    }

    [Fact]
    public async Task Conformance_run_leaves_no_container_after_a_pass_or_an_interruption()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);
        var (path, name) = ContainerProfiles.Write(_dir, "reference-container.yaml");

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Conformance.Cli.ConformanceApp.RunAsync(["run", "--profile", path, "--out", _dir.File("runs"), "--suite", "plaintext"], output, error, ct);
        Assert.True(code == ExitCodes.Conformant, $"exit {code}: {output}{error}");
        Assert.Empty(await Named(client, name, ct));

        // Interrupted (Ctrl+C cancels the token) while the rotation suite has the container busy.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = Conformance.Cli.ConformanceApp.RunAsync(["run", "--profile", path, "--out", _dir.File("runs2"), "--suite", "rotation"], TextWriter.Null, TextWriter.Null, cancel.Token);
        await Poll.UntilAsync(async () => (await Named(client, name, ct)).Any(c => c.State == "running"), TimeSpan.FromSeconds(60), ct);
        await cancel.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Either way the run is over.
        }

        // An interrupted run asks the engine to remove its containers before it returns; the engine finishes within seconds.
        await Poll.UntilAsync(async () => (await Named(client, name, ct)).Count == 0, TimeSpan.FromSeconds(15), ct);
    }

    [Fact]
    public async Task The_sweep_removes_leftovers_of_dead_harness_processes_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);

        // This process's own sweep (at its first container start) is over first, so only the call below can remove it.
        await DockerEngine.SweepOnceAsync(client, ct);
        var dead = await CreateLabelled(client, pid: 0x3FFFFFF0, ct);
        var alive = await CreateLabelled(client, pid: Environment.ProcessId, ct);
        try
        {
            var removed = await DockerEngine.SweepAsync(client, ct);

            Assert.Contains(dead, removed);
            Assert.DoesNotContain(alive, removed);
            var left = (await DockerEngine.ListHarnessContainersAsync(client, null, ct)).Select(c => c.ID).ToList();
            Assert.DoesNotContain(dead, left);
            Assert.Contains(alive, left);
        }
        finally
        {
            await DockerEngine.RemoveAsync(client, dead, CancellationToken.None);
            await DockerEngine.RemoveAsync(client, alive, CancellationToken.None);
        }
    }

    private static int Listening(IReadOnlyList<LogLine> logs) => logs.Count(l => l.Text.StartsWith("listening https=", StringComparison.Ordinal));

    private static async Task<IList<ContainerListResponse>> Named(IDockerClient client, string profileName, CancellationToken ct) =>
        (await DockerEngine.ListHarnessContainersAsync(client, null, ct))
            .Where(c => c.Names.Any(n => n.TrimStart('/').StartsWith($"conformance-{profileName}", StringComparison.Ordinal)))
            // Only this test process's runs: the interruption matrix runs the same profile from child processes at the same time.
            .Where(c => c.Labels.TryGetValue(DockerEngine.PidLabel, out var pid) && pid == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    private static async Task<string> CreateLabelled(IDockerClient client, int pid, CancellationToken ct)
    {
        var labels = new Dictionary<string, string>(DockerEngine.Labels($"sweep-test-{Guid.NewGuid():N}"), StringComparer.Ordinal)
        {
            [DockerEngine.PidLabel] = pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = "conformance/nginx:dev", Labels = labels }, ct);
        return created.ID;
    }
}
