using System.Text.RegularExpressions;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;
using ConfigMapBundle = Conformance.TrustBundles.TrustBundle;
using Conformance.Targets.Containers;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Conformance.Suites.Tests.Containers;

/// <summary>
/// Trust bundles on the container target: manifests written inside the container, the upstream as a second container
/// on a network made for the run, knative-container.yaml judged like knative.yaml, the Bundle* mutants still caught
/// there, and neither containers nor networks left behind.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed partial class ContainerTrustBundleTests : IDisposable
{
    // Scenarios that pass on knative.yaml (process) and are allowed not to pass on knative-container.yaml: SV-04, which
    // needs the good pair put back into a container that refused to start (the driver lacks swap-certificate-while-down).
    private static readonly string[] ProcessOnly = ["SV-04"];

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-container-tb-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Knative_container_passes_the_trust_bundle_scenarios_and_every_scenario_the_process_knative_passes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);

        var container = await ProfileRuns.RunAsync("knative-container.yaml", ct);
        var process = await ProfileRuns.RunAsync("knative.yaml", ct);

        var verdicts = container.Scenarios.ToDictionary(s => s.Id, s => s.Verdict);
        foreach (var id in new[] { "TB-01", "TB-02", "TB-03", "TB-04" })
        {
            Assert.True(verdicts[id] == VerdictKind.Pass, $"{id}: {verdicts[id]}{Environment.NewLine}{ProfileRuns.Describe(container)}");
        }

        var passedOnProcess = process.Scenarios.Where(s => s.Verdict == VerdictKind.Pass).Select(s => s.Id).Except(ProcessOnly).ToHashSet();
        var passedInContainer = container.Scenarios.Where(s => s.Verdict == VerdictKind.Pass).Select(s => s.Id).ToHashSet();
        Assert.True(passedOnProcess.IsSubsetOf(passedInContainer), $"passed on the process target but not in the container: {string.Join(", ", passedOnProcess.Except(passedInContainer))}{Environment.NewLine}{ProfileRuns.Describe(container)}");
        Assert.DoesNotContain(container.Scenarios, s => s.Verdict is VerdictKind.Fail or VerdictKind.Error);

        // The activator reached the upstream container by its alias, and the pickup was measured in there.
        var tb01 = container.Scenarios.Single(s => s.Id == "TB-01");
        Assert.Matches(PickupPattern(), tb01.Reason);
        Assert.Contains(tb01.Evidence.OfType<Evidence.NoteEvidence>(), n => n.Text.Contains("https://conformance-upstream:8443 (container ", StringComparison.Ordinal));

        Assert.Empty(await Named(client, "knative-container", ct));
        Assert.Empty(await NamedNetworks(client, "knative-container", ct));
    }

    [Theory]
    [InlineData("BundleNeedsTrueLabel", "TB-01")]
    [InlineData("BundleInvalidEntryDropsAll", "TB-02")]
    [InlineData("BundleKeepsRemovedCa", "TB-03")]
    [InlineData("SkipsUpstreamHostname", "TB-04")]
    public async Task A_bundle_mutant_in_the_container_fails_its_scenario(string mutant, string breaks)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);
        // BundleNeedsTrueLabel keeps the documented promise ("true"): only a profile claiming any value catches it.
        var (path, name) = Write(t => t.Replace("  args:\n", $"  args:\n    - --mutant\n    - {mutant}\n", StringComparison.Ordinal)
            .Replace("labelValue: \"true\"", mutant == "BundleNeedsTrueLabel" ? "labelValue: any" : "labelValue: \"true\"", StringComparison.Ordinal));
        var profile = ProfileLoader.Load(path);

        var run = await new ScenarioRunner(TimeProvider.System).RunAsync(
            profile, [.. Catalog.All.Where(s => s.Info.Suite == "trust-bundle")], new RunOptions { Seed = 4242 }, null, ct);

        var verdicts = run.Scenarios.ToDictionary(s => s.Id, s => s.Verdict);
        Assert.True(verdicts[breaks] == VerdictKind.Fail, $"{mutant}: {breaks} is {verdicts[breaks]}{Environment.NewLine}{ProfileRuns.Describe(run)}");
        Assert.DoesNotContain(run.Scenarios, s => s.Verdict == VerdictKind.Error);
        // The forced removals were sent before the run returned; the engine may still be finishing them on a busy
        // machine, so what is checked is that nothing is left once it has, within a bound.
        try
        {
            await Poll.UntilAsync(async () => (await Named(client, name, ct)).Count == 0 && (await NamedNetworks(client, name, ct)).Count == 0, TimeSpan.FromSeconds(15), ct);
        }
        catch (TimeoutException)
        {
        }

        Assert.Empty(await Named(client, name, ct));
        Assert.Empty(await NamedNetworks(client, name, ct));
    }

    [Fact]
    public async Task Bundles_are_renamed_into_the_folder_inside_the_container_and_deleted_there()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);
        var (path, _) = Write();
        await using var env = RunEnvironment.Prepare(ProfileLoader.Load(path), TimeProvider.System);
        var target = Assert.IsType<ContainerTarget>(env.Target);
        await target.StartAsync(ct);
        var actions = env.Actions!;
        Assert.Contains("/etc/conformance/trust-bundles", target.Settings.Command);

        using var ca = CertificateAuthority.CreateRoot("Conformance container bundle test", time: TimeProvider.System);
        var pem = PemWriter.CertificatesPem([ca.Certificate]);
        var bundle = new ConfigMapBundle("in-container", new Dictionary<string, string> { [ConfigMapBundle.LabelKey] = "true" }, new Dictionary<string, string> { ["ca.pem"] = pem });
        await actions.ApplyTrustBundleAsync(bundle, ct);

        // Byte for byte the manifest the process target writes, under <name>.yaml, and no temporary file left.
        var expected = TrustBundles.TrustBundleManifest.Render(bundle);
        await target.CopyAsync([ArchiveEntry.File("/run/conformance/expected.yaml", System.Text.Encoding.UTF8.GetBytes(expected))], ct);
        await target.ExecAsync(["sh", "-c", "test \"$(cat /run/conformance/expected.yaml; echo x)\" = \"$(cat /etc/conformance/trust-bundles/in-container.yaml; echo x)\""], TimeSpan.FromSeconds(10), ct);
        await target.ExecAsync(["sh", "-c", "test -z \"$(ls -A /etc/conformance/trust-bundles | grep '^\\.')\""], TimeSpan.FromSeconds(10), ct);

        await actions.DeleteTrustBundleAsync("in-container", ct);
        await target.ExecAsync(["sh", "-c", "test ! -e /etc/conformance/trust-bundles/in-container.yaml"], TimeSpan.FromSeconds(10), ct);
        await actions.DeleteTrustBundleAsync("in-container", ct); // deleting what is gone is no error

        // The upstream is a container on the run's network, its admin API on 127.0.0.1.
        var upstream = target.Upstream!;
        var inspect = await client.Containers.InspectContainerAsync(upstream.ContainerId!, ct);
        Assert.Contains(ContainerUpstream.Alias, inspect.NetworkSettings!.Networks[upstream.NetworkName].Aliases!);
        var own = await client.Containers.InspectContainerAsync(target.ContainerId!, ct);
        Assert.True(own.NetworkSettings!.Networks.ContainsKey(upstream.NetworkName));
        await using var session = await upstream.OpenUpstreamAsync("marker", ct);
        Assert.NotNull(session.LeafKey);
        Assert.Empty(await session.ConnectionsAsync(ct));
    }

    [Fact]
    public async Task An_interrupted_trust_bundle_run_leaves_no_container_and_no_network()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);
        var (path, name) = Write();

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = Conformance.Cli.ConformanceApp.RunAsync(["run", "--profile", path, "--out", _dir.File("runs"), "--suite", "trust-bundle"], TextWriter.Null, TextWriter.Null, cancel.Token);
        await Poll.UntilAsync(async () => (await Named(client, name, ct)).Count(c => c.State == "running") == 2, TimeSpan.FromSeconds(60), ct);
        Assert.NotEmpty(await NamedNetworks(client, name, ct));
        await cancel.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Either way the run is over.
        }

        // The forced removals were sent before the run returned; the engine may still be finishing them on a busy
        // machine, so what is checked is that nothing is left once it has, within a bound.
        try
        {
            await Poll.UntilAsync(async () => (await Named(client, name, ct)).Count == 0 && (await NamedNetworks(client, name, ct)).Count == 0, TimeSpan.FromSeconds(15), ct);
        }
        catch (TimeoutException)
        {
        }

        Assert.Empty(await Named(client, name, ct));
        Assert.Empty(await NamedNetworks(client, name, ct));
    }

    [Fact]
    public async Task The_sweep_removes_networks_of_dead_harness_processes_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);
        await DockerEngine.SweepOnceAsync(client, ct);
        var dead = await CreateLabelledNetwork(client, pid: 0x3FFFFFF0, ct);
        var alive = await CreateLabelledNetwork(client, pid: Environment.ProcessId, ct);
        try
        {
            var removed = await DockerEngine.SweepAsync(client, ct);

            Assert.Contains(dead, removed);
            Assert.DoesNotContain(alive, removed);
            var left = (await DockerEngine.ListHarnessNetworksAsync(client, null, ct)).Select(n => n.ID).ToList();
            Assert.DoesNotContain(dead, left);
            Assert.Contains(alive, left);
        }
        finally
        {
            await DockerEngine.RemoveNetworkAsync(client, dead, CancellationToken.None);
            await DockerEngine.RemoveNetworkAsync(client, alive, CancellationToken.None);
        }
    }

    // The shipped profile under a unique name, its log catalog named by absolute path (the copy lives elsewhere).
    private (string Path, string Name) Write(Func<string, string>? edit = null) =>
        ContainerProfiles.Write(_dir, "knative-container.yaml", t => (edit ?? (x => x))(t.Replace("../logs/", Path.Combine(RepoPaths.Root, "fixtures", "logs") + "/", StringComparison.Ordinal)));

    [GeneratedRegex(@"\d+ ms after the bundle labelled")]
    private static partial Regex PickupPattern();

    private static async Task<List<ContainerListResponse>> Named(IDockerClient client, string profileName, CancellationToken ct) =>
        [.. (await DockerEngine.ListHarnessContainersAsync(client, null, ct)).Where(c => c.Names.Any(n => n.TrimStart('/').StartsWith($"conformance-{profileName}", StringComparison.Ordinal)))];

    private static async Task<List<NetworkResponse>> NamedNetworks(IDockerClient client, string profileName, CancellationToken ct) =>
        [.. (await DockerEngine.ListHarnessNetworksAsync(client, null, ct)).Where(n => n.Name.StartsWith($"conformance-{profileName}", StringComparison.Ordinal))];

    private static async Task<string> CreateLabelledNetwork(IDockerClient client, int pid, CancellationToken ct)
    {
        var labels = new Dictionary<string, string>(DockerEngine.Labels($"sweep-test-{Guid.NewGuid():N}"), StringComparer.Ordinal)
        {
            [DockerEngine.PidLabel] = pid.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var created = await client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = $"conformance-sweep-{Guid.NewGuid():N}"[..40], Labels = labels }, ct);
        return created.ID;
    }
}
