using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;
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
}
