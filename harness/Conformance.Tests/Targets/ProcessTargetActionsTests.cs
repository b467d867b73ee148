using System.Diagnostics;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Targets;
using Conformance.Targets.Processes;
using Conformance.Tests.Support;

namespace Conformance.Tests.Targets;

/// <summary>
/// <see cref="ITargetActions"/> on real processes through the real path (profile → RunEnvironment → ProcessTarget):
/// certificate and trust-bundle swaps, reload by command, restart on the same port, and the supervisor-style
/// restart after a Flux-mode exit.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProcessTargetActionsTests
{
    private const string ReferenceName = "reference.conformance.svc.cluster.local";
    private const string FluxName = "source-controller.flux-system.svc.cluster.local";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Reference_hot_reload_serves_the_new_pair_keeps_open_connections_and_survives_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = RunEnvironment.Prepare(ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "reference.yaml")), TimeProvider.System);
        var actions = Assert.IsType<ProcessTargetActions>(env.Actions);
        var port = env.Endpoints.Single(e => e.Name == "https").Port;
        await env.Target.StartAsync(ct);
        await using var kept = await TlsConnection.ConnectAsync(port, ReferenceName, System.Security.Authentication.SslProtocols.None, ct);
        Assert.Equal(200, (await RotationClient.KeepAliveAsync(kept, "/before", ct)).Status);

        var next = RotationClient.NewPair(env.Pki!.Issuer!, ReferenceName, "localhost");
        var swapped = Stopwatch.StartNew();
        await actions.ReplaceCertificateAsync(next.CertPem, next.KeyPem, ct);
        await actions.ReloadAsync(ct); // hot reload: nothing to do
        await Poll.UntilAsync(async () => await RotationClient.ServedThumbprintAsync(port, ReferenceName, ct) == next.Thumbprint, Budget, "new certificate served", ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"reference hot reload latency (swap to new certificate served): {swapped.ElapsedMilliseconds} ms");

        // The connection opened before the swap keeps working with the certificate it got.
        Assert.Equal(200, (await RotationClient.KeepAliveAsync(kept, "/after", ct)).Status);
        Assert.Contains(env.Target.Logs, l => l.Text.StartsWith("certificate reloaded:", StringComparison.Ordinal));

        await actions.RestartAsync(ct);
        Assert.Equal(next.Thumbprint, await RotationClient.ServedThumbprintAsync(port, ReferenceName, ct));
        Assert.False(await actions.WaitForExitAsync(TimeSpan.FromMilliseconds(300), ct));
    }

    [Fact]
    public async Task Reload_command_runs_with_placeholders_resolved_and_a_failing_one_says_why()
    {
        var ct = TestContext.Current.CancellationToken;
        var ok = await PrepareWithReloadAsync("command: [/bin/sh, -c, \"echo reloaded > '{run:dir}/reloaded.txt'\"]");
        await using (ok)
        {
            await ok.Actions!.ReloadAsync(ct);
            Assert.Equal("reloaded\n", File.ReadAllText(Path.Combine(ok.Workspace.Path, "reloaded.txt")));
        }

        var failing = await PrepareWithReloadAsync("command: [/bin/sh, -c, \"echo cannot reload >&2; exit 4\"]");
        await using (failing)
        {
            var e = await Assert.ThrowsAsync<TargetException>(() => failing.Actions!.ReloadAsync(ct));
            Assert.Equal("the reload command /bin/sh exited with code 4: cannot reload", e.Message);
        }
    }

    [Fact]
    public async Task Signal_reload_needs_a_running_process()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await PrepareWithReloadAsync("signal: HUP");
        var process = Assert.IsType<ProcessTargetActions>(env.Actions);
        Assert.Equal(1, process.Reload?.Signal);
        var e = await Assert.ThrowsAsync<TargetException>(() => env.Actions!.ReloadAsync(ct));
        Assert.Contains("is not running", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flux_exits_after_the_secret_changes_and_restart_after_exit_brings_it_back_on_the_same_port_with_the_new_pair()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = RunEnvironment.Prepare(ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "flux.yaml")), TimeProvider.System);
        var actions = env.Actions!;
        var target = (ProcessTarget)env.Target;
        var port = env.Endpoints.Single(e => e.Name == "https").Port;
        await env.Target.StartAsync(ct);
        Assert.Equal(env.Pki!.ServerLeaf.Certificate.Thumbprint, await RotationClient.ServedThumbprintAsync(port, FluxName, ct));
        var firstPid = target.ProcessId;

        var next = RotationClient.NewPair(env.Pki.Issuer!, FluxName, "source-controller.flux-system.svc");
        var swapped = Stopwatch.StartNew();
        await actions.ReplaceCertificateAsync(next.CertPem, next.KeyPem, ct);
        Assert.True(await actions.RestartAfterExitAsync(Budget, ct));
        await Poll.UntilAsync(async () => await RotationClient.ServedThumbprintAsync(port, FluxName, ct) == next.Thumbprint, Budget, "new certificate served after the restart", ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"flux restart-after-exit: swap to new certificate served on the same port {swapped.ElapsedMilliseconds} ms");

        Assert.NotEqual(firstPid, target.ProcessId);
        Assert.Contains(env.Target.Logs, l => l.Text == "secret changed: restarting");
    }

    [Fact]
    public async Task Restart_after_exit_is_false_when_the_process_keeps_running()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = RunEnvironment.Prepare(ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "feldera.yaml")), TimeProvider.System);
        await env.Target.StartAsync(ct);
        var pid = ((ProcessTarget)env.Target).ProcessId;
        Assert.False(await env.Actions!.RestartAfterExitAsync(TimeSpan.FromMilliseconds(500), ct));
        Assert.Equal(pid, ((ProcessTarget)env.Target).ProcessId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Trust_bundle_swap_is_reloaded_and_RotatesWithoutOverlap_drops_the_old_CA_at_the_overlap_step(bool mutant)
    {
        var ct = TestContext.Current.CancellationToken;
        // Kept out of mutants/ until a scenario catches it (an mTLS CA rotation); see MutantTests.AwaitingScenario.
        var path = Path.Combine(RepoPaths.FixtureProfiles, "pending", "RotatesWithoutOverlap.yaml");
        var yaml = File.ReadAllText(path);
        if (!mutant)
        {
            yaml = yaml.Replace("  env: { CONFORMANCE_REFERENCE_MUTANT: RotatesWithoutOverlap }\n", string.Empty, StringComparison.Ordinal);
        }

        await using var env = RunEnvironment.Prepare(ProfileLoader.Parse(yaml, path), TimeProvider.System);
        var port = env.Endpoints.Single(e => e.Name == "https").Port;
        var pki = env.Pki!;
        Assert.Equal(Path.Combine(pki.BundleDirectory, "ca.crt"), pki.Placeholders["pki:bundle"]);
        await env.Target.StartAsync(ct);
        var oldClient = pki.Clients!.Valid.Certificate;
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(port, oldClient, ct)).Outcome);

        // A second root, valid from a minute later (the "newest" CA), and a client certificate from it.
        using var newRoot = CertificateAuthority.CreateRoot("Conformance Next Root CA", KeySpec.EcdsaP256, new Shifted(TimeSpan.FromMinutes(1)));
        using var newClient = newRoot.Issue(new LeafSpecBuilder().WithCommonName("next-client").WithDnsNames("next-client").WithEku(EkuSpec.ClientAuth).Build());
        Assert.NotEqual(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(port, newClient.Certificate, ct)).Outcome);

        // Overlap: old + new.
        var oldPem = PemWriter.CertificatesPem([pki.Root!.Certificate]);
        var newPem = PemWriter.CertificatesPem([newRoot.Certificate]);
        await env.Actions!.ReplaceTrustBundleAsync([oldPem, newPem], ct);
        await Poll.UntilAsync(() => ReloadLines(env) == 1, Budget, "client CA bundle reloaded", ct);
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(port, newClient.Certificate, ct)).Outcome);
        var oldDuringOverlap = (await MutualTls.ExchangeAsync(port, oldClient, ct)).Outcome;
        Assert.Equal(mutant ? MtlsOutcome.RefusedAfterHandshake : MtlsOutcome.Served, oldDuringOverlap);

        // Old CA dropped: only new-CA clients are served, mutant or not.
        await env.Actions.ReplaceTrustBundleAsync([newPem], ct);
        await Poll.UntilAsync(() => ReloadLines(env) == 2, Budget, "second client CA bundle reload", ct);
        Assert.NotEqual(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(port, oldClient, ct)).Outcome);
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(port, newClient.Certificate, ct)).Outcome);
        Assert.DoesNotContain(env.Target.Logs, l => l.Text.StartsWith("error:", StringComparison.Ordinal));
    }

    private static int ReloadLines(RunEnvironment env) => env.Target.Logs.Count(l => l.Text.StartsWith("client CA bundle reloaded:", StringComparison.Ordinal));

    /// <summary>The reference profile with <c>target.reload: { TEXT }</c>, prepared (not started).</summary>
    private static Task<RunEnvironment> PrepareWithReloadAsync(string reload)
    {
        var path = Path.Combine(RepoPaths.FixtureProfiles, "reference.yaml");
        var yaml = File.ReadAllText(path).Replace("  stopTimeout: 5s\n", $"  reload: {{ {reload} }}\n  stopTimeout: 5s\n", StringComparison.Ordinal);
        return Task.FromResult(RunEnvironment.Prepare(ProfileLoader.Parse(yaml, path), TimeProvider.System));
    }

    private sealed class Shifted(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
    }
}
