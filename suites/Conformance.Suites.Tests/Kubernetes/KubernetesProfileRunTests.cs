using Conformance.Drivers;
using Conformance.Engine;
using Conformance.FakeKubernetes;
using Conformance.Model;
using Conformance.Reports;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Kubernetes;

/// <summary>
/// A whole profile run on the kubernetes target: the fake API server fronts the reference server (its "pod"), every
/// connection goes through the API's port-forward, rotations replace the Secret, and the run writes its reports.
/// </summary>
public sealed class KubernetesProfileRunTests
{
    [Fact]
    public async Task Reference_kubernetes_profile_runs_against_the_fake_api_passes_and_writes_a_report_leaving_nothing_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var profile = ProfileLoader.Load(cluster.Profile("reference-kubernetes.yaml"));

        var run = await new ScenarioRunner(TimeProvider.System).RunAsync(profile, Catalog.All, new RunOptions { Seed = 4242, LoadRequests = 1_000 }, null, ct);
        var reports = Path.Combine(cluster.Root, "report");
        await ReportSet.WriteAsync(run, reports, ct);

        Assert.True(run.Scenarios.All(s => s.Verdict is VerdictKind.Pass or VerdictKind.NotApplicable), ProfileRuns.Describe(run));
        Assert.Equal(ExitCodes.Conformant, run.ExitCode);

        // What only a target that acts on the implementation can show: rotations passed through Secret replacements.
        Assert.Equal(VerdictKind.Pass, run.Scenarios.Single(s => s.Id == "RT-01").Verdict);
        Assert.Equal(VerdictKind.Pass, run.Scenarios.Single(s => s.Id == "SAN-04").Verdict);
        Assert.Contains(cluster.Api.Requests, r => r.Method == "PUT" && r.Path.EndsWith("/secrets/conformance-tls", StringComparison.Ordinal));
        Assert.True(cluster.Api.PortForwardsOpened > 100, $"{cluster.Api.PortForwardsOpened} port-forward sessions");
        var html = await File.ReadAllTextAsync(Path.Combine(reports, ReportSet.Html), ct);
        Assert.Contains("reference-kubernetes", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(reports, ReportSet.Json)));

        // Nothing left behind: namespace deleted, pod process stopped, no port-forward session open.
        Assert.Empty(cluster.Api.Namespaces);
        Assert.Equal(0, cluster.Api.RunningPods);
        Assert.Equal(0, cluster.Api.OpenPortForwards);
        Assert.Single(cluster.Api.Requests, r => r.Method == "DELETE" && r.Path.StartsWith("/api/v1/namespaces/conformance-reference-", StringComparison.Ordinal) && !r.Path.Contains("/configmaps/", StringComparison.Ordinal));
    }

    /// <summary>
    /// Scenarios that pass on a process profile but cannot on the kubernetes target, each with why. A scenario not listed
    /// here must pass on both; one listed must come out not-applicable or error with a reason.
    /// </summary>
    private static readonly Dictionary<string, string> KubernetesDifferences = new(StringComparer.Ordinal)
    {
        ["SV-01"] = "starting the implementation with altered inputs (a missing, corrupt or mismatched Secret at start) needs the start-variant capability, which the kubernetes driver does not state",
        ["SV-02"] = "starting the implementation with altered inputs needs the start-variant capability, which the kubernetes driver does not state",
    };

    /// <summary>flux.yaml's own: what its process run judges that flux-kubernetes.yaml leaves out, each with why.</summary>
    private static readonly Dictionary<string, string> FluxDifferences = new(StringComparer.Ordinal)
    {
        ["PT-02"] = "the notification-controller's closed old HTTP port is judged on the process target only: through a port-forward the harness's local listener always accepts, so a closed container port cannot be told from one that closes at once",
    };

    /// <summary>
    /// Runs <paramref name="processProfile"/> on the process target, then <paramref name="kubernetesProfile"/> (the same
    /// claims) on the fake, writes the second run's reports, and holds it to the first: never a fail, and every scenario
    /// that passed there passes here unless <see cref="KubernetesDifferences"/> lists it.
    /// </summary>
    private static async Task<(RunResult Process, RunResult Run, string Reports, string Describe)> RunLikeTheProcessRunAsync(
        FakeKubernetesCluster cluster, string processProfile, string kubernetesProfile, CancellationToken ct, IReadOnlyDictionary<string, string>? profileDifferences = null)
    {
        var differences = new Dictionary<string, string>(KubernetesDifferences, StringComparer.Ordinal);
        foreach (var (id, why) in profileDifferences ?? new Dictionary<string, string>())
        {
            differences[id] = why;
        }

        var process = await ProfileRuns.RunAsync(processProfile, ct);
        var passedOnProcess = process.Scenarios.Where(s => s.Verdict == VerdictKind.Pass).Select(s => s.Id).ToList();
        var profile = ProfileLoader.Load(cluster.Profile(kubernetesProfile));
        var run = await new ScenarioRunner(TimeProvider.System).RunAsync(profile, Catalog.All, new RunOptions { Seed = 4242, LoadRequests = 1_000 }, null, ct);
        var reports = Path.Combine(cluster.Root, "report");
        await ReportSet.WriteAsync(run, reports, ct);
        var describe = ProfileRuns.Describe(run);

        // The list of differences is itself checked: each names a scenario the process run passed.
        Assert.All(differences.Keys, id => Assert.Contains(id, passedOnProcess));
        Assert.DoesNotContain(run.Scenarios, s => s.Verdict == VerdictKind.Fail);
        foreach (var id in passedOnProcess)
        {
            var s = run.Scenarios.Single(x => x.Id == id);
            if (differences.ContainsKey(id))
            {
                Assert.True(s.Verdict is VerdictKind.NotApplicable or VerdictKind.Error && !string.IsNullOrWhiteSpace(s.Reason), $"{id}: {s.Verdict} {s.Reason}");
            }
            else
            {
                Assert.True(s.Verdict == VerdictKind.Pass, $"{id} passed on {processProfile} but is {s.Verdict} on the kubernetes target: {s.Reason}\n{describe}");
            }
        }

        return (process, run, reports, describe);
    }

    [Fact]
    public async Task Knative_kubernetes_profile_runs_against_the_fake_api_as_the_process_run_does_and_writes_a_report()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var (process, run, reports, describe) = await RunLikeTheProcessRunAsync(cluster, "knative.yaml", "knative-kubernetes.yaml", ct);

        // Trust bundles as labelled ConfigMaps, log lines from the queue-proxy container, rotations through the Secret.
        foreach (var id in new[] { "TB-01", "TB-02", "TB-03", "TB-04", "LG-01", "LG-02", "LG-03", "LG-04", "RT-01" })
        {
            Assert.True(run.Scenarios.Single(s => s.Id == id).Verdict == VerdictKind.Pass, $"{id}\n{describe}");
        }

        Assert.Contains(cluster.Api.Requests, r => r.Method == "POST" && r.Path.EndsWith("/configmaps", StringComparison.Ordinal));
        Assert.Contains(cluster.Api.Requests, r => r.Method == "PUT" && r.Path.EndsWith("/secrets/knative-serving-certs", StringComparison.Ordinal));

        // The upstream is a pod the harness deployed (before the manifests, so the implementation got its Service's
        // variables), and the pod read the bundles through the API with its own service-account token, as Knative's
        // informer does: never with the harness's credentials.
        var requests = cluster.Api.Requests;
        var upstream = requests.ToList().FindIndex(r => r.Method == "POST" && r.Path.EndsWith("/deployments", StringComparison.Ordinal) && r.Body.Contains("\"conformance-upstream\"", StringComparison.Ordinal));
        var implementation = requests.ToList().FindIndex(r => r.Method == "POST" && r.Path.EndsWith("/deployments", StringComparison.Ordinal) && r.Body.Contains("hello-00001-deployment", StringComparison.Ordinal));
        Assert.True(upstream >= 0 && upstream < implementation, $"upstream Deployment at {upstream}, implementation at {implementation}");
        Assert.Contains(requests, r => r.Method == "POST" && r.Path.EndsWith("/rolebindings", StringComparison.Ordinal));
        var lists = requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/configmaps", StringComparison.Ordinal) && r.Query.Contains("labelSelector=networking.knative.dev%2Ftrust-bundle", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lists);
        Assert.All(lists, r => Assert.NotEqual($"Bearer {FakeKubernetes.FakeKubernetesApi.Token}", r.Authorization));
        Assert.Contains(cluster.Api.Requests, r => r.Method == "GET" && r.Path.EndsWith("/log", StringComparison.Ordinal) && r.Query.Contains("container=queue-proxy", StringComparison.Ordinal));
        var html = await File.ReadAllTextAsync(Path.Combine(reports, ReportSet.Html), ct);
        Assert.Contains("knative-kubernetes", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(reports, ReportSet.Json)));
        Assert.Empty(cluster.Api.Namespaces);
        Assert.Equal(0, cluster.Api.RunningPods);
        Assert.Equal(0, cluster.Api.OpenPortForwards);
        TestContext.Current.TestOutputHelper?.WriteLine($"knative.yaml: {Counts(process)}, {process.DurationMs / 1000:0.0} s; knative-kubernetes.yaml: {Counts(run)}, {run.DurationMs / 1000:0.0} s\n{describe}");
    }

    [Fact]
    public async Task Flux_kubernetes_profile_runs_against_the_fake_api_as_the_process_run_does_with_restarts_by_the_kubelet()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var (process, run, reports, describe) = await RunLikeTheProcessRunAsync(cluster, "flux.yaml", "flux-kubernetes.yaml", ct, FluxDifferences);

        // The restart claim through the kubelet: the Secret replaced, the manager exited (code 3) and was restarted.
        Assert.True(run.Scenarios.Single(s => s.Id == "RT-01").Verdict == VerdictKind.Pass, $"RT-01\n{describe}");
        Assert.Contains(cluster.Api.Requests, r => r.Method == "PUT" && r.Path.EndsWith("/secrets/source-controller-tls", StringComparison.Ordinal));

        // The rotations' restarts were the kubelet's, after the manager's own exit; the only rollout restarts are SV-04's
        // two (the invalid Secret's, refused, and the positive control's with the valid Secret restored).
        Assert.Equal(2, cluster.Api.Requests.Count(r => r.Method == "PATCH" && r.Path.Contains("/deployments/", StringComparison.Ordinal)));
        var sv04 = run.Scenarios.Single(s => s.Id == "SV-04");
        Assert.True(sv04.Verdict == VerdictKind.Pass, $"SV-04 {sv04.Verdict}: {sv04.Reason}");
        Assert.Contains("was not ready within", sv04.Reason, StringComparison.Ordinal);

        // The notification-controller's events endpoint: TLS through its own port-forward, judged like the storage one.
        Assert.Equal(VerdictKind.Pass, run.Scenarios.Single(s => s.Id == "PT-04").Verdict);

        // The manager read its Secret through the API with its own service-account token (never the harness's), as
        // Flux's controllers do, allowed by the manifest's Role and RoleBinding.
        var requests = cluster.Api.Requests;
        Assert.Contains(requests, r => r.Method == "POST" && r.Path.EndsWith("/rolebindings", StringComparison.Ordinal));
        var reads = requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/secrets/source-controller-tls", StringComparison.Ordinal)
            && r.Authorization != $"Bearer {FakeKubernetesApi.Token}").ToList();
        Assert.True(reads.Count > 2, $"{reads.Count} reads of the Secret by the pod");
        Assert.Contains(reads, r => r.Status == 200);

        var html = await File.ReadAllTextAsync(Path.Combine(reports, ReportSet.Html), ct);
        Assert.Contains("flux-kubernetes", html, StringComparison.Ordinal);
        Assert.Empty(cluster.Api.Namespaces);
        Assert.Equal(0, cluster.Api.RunningPods);
        Assert.Equal(0, cluster.Api.OpenPortForwards);
        var rt01 = run.Scenarios.Single(s => s.Id == "RT-01");
        TestContext.Current.TestOutputHelper?.WriteLine($"flux.yaml: {Counts(process)}, {process.DurationMs / 1000:0.0} s; flux-kubernetes.yaml: {Counts(run)}, {run.DurationMs / 1000:0.0} s\nRT-01: {rt01.Reason}\n{describe}");
    }

    /// <summary>
    /// The other seed shapes' manifests (fixtures/kubernetes), as the kubernetes target applies them: each deploys on the
    /// fake, and the scenarios its claims make applicable pass, through port-forwards with cluster names as SNI.
    /// </summary>
    [Theory]
    [InlineData("feldera-kubernetes.yaml", "feldera-https-config", new[] { "PT-01", "PT-02", "PT-03", "PT-04", "SAN-01", "SAN-02", "SAN-06", "TV-02" })]
    [InlineData("direktiv-kubernetes.yaml", "direktiv-cert-ingress", new[] { "MT-01", "MT-02", "MT-05", "SAN-01", "SAN-02", "SAN-06", "TV-02" })]
    public async Task Seed_manifest_deploys_on_the_fake_api_and_its_applicable_scenarios_pass(string file, string secret, string[] mustPass)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var profile = ProfileLoader.Load(cluster.Profile(file));

        var run = await new ScenarioRunner(TimeProvider.System).RunAsync(profile, Catalog.All, new RunOptions { Seed = 4242, LoadRequests = 1_000 }, null, ct);
        var describe = ProfileRuns.Describe(run);

        Assert.True(run.Scenarios.All(s => s.Verdict is VerdictKind.Pass or VerdictKind.NotApplicable), describe);
        Assert.Equal(ExitCodes.Conformant, run.ExitCode);
        Assert.All(mustPass, id => Assert.True(run.Scenarios.Single(s => s.Id == id).Verdict == VerdictKind.Pass, $"{id}\n{describe}"));
        Assert.Contains(cluster.Api.Requests, r => r.Method == "POST" && r.Path.EndsWith("/secrets", StringComparison.Ordinal) && r.Body.Contains($"\"{secret}\"", StringComparison.Ordinal));
        Assert.Empty(cluster.Api.Namespaces);
        Assert.Equal(0, cluster.Api.RunningPods);
        Assert.Equal(0, cluster.Api.OpenPortForwards);
        TestContext.Current.TestOutputHelper?.WriteLine($"{file}: {Counts(run)}, {run.DurationMs / 1000:0.0} s\n{describe}");
    }

    private static string Counts(RunResult run) =>
        string.Join(", ", run.Scenarios.GroupBy(s => s.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
}
