using System.Text.Json;
using Conformance.Engine;
using Conformance.FakeKubernetes;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Targets.Kubernetes;
using Conformance.TrustBundles;

namespace Conformance.Tests.Targets.Kubernetes;

/// <summary>
/// <c>claims.trustBundle.namespaces</c> on the kubernetes target, against the fake API server with
/// <c>knative-kubernetes.yaml</c> (knative-serving, knative-serving-ingress): each bundle written, replaced and deleted
/// in every namespace, the pod (the activator role) listing both with its own token under the Role the target grants,
/// and nothing of the run left behind — namespaces the run created are deleted, in one that existed only the run's
/// objects go — after an ordinary stop and after an emergency stop.
/// </summary>
public sealed class KubernetesBundleNamespacesTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static readonly string[] BundleNamespaces = ["knative-serving", "knative-serving-ingress"];

    [Fact]
    public async Task Bundles_are_written_into_every_named_namespace_read_there_by_the_pod_and_the_namespaces_removed_after_the_run()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var env = RunEnvironment.Prepare(cluster.Profile("knative-kubernetes.yaml"), TimeProvider.System);
        string ns;
        try
        {
            var target = (KubernetesTarget)env.Target;
            await cluster.StartTargetAsync(target, ct);
            ns = target.Namespace!;
            var grant = $"conformance-trust-bundles-{target.RunSuffix}";
            foreach (var bundleNs in BundleNamespaces)
            {
                // Absent before the run: created with the run's labels, and the run's service accounts allowed to read.
                var created = Assert.Single(cluster.Api.Requests, r => r.Method == "POST" && r.Path == "/api/v1/namespaces" && r.Body.Contains($"\"{bundleNs}\"", StringComparison.Ordinal));
                Assert.Contains(KubernetesTargetOptions.RunLabel, created.Body, StringComparison.Ordinal);
                var binding = Assert.Single(cluster.Api.Requests, r => r.Method == "POST" && r.Path == FakeApiClient.Rbac(bundleNs, "rolebindings"));
                Assert.Contains($"system:serviceaccounts:{ns}", binding.Body, StringComparison.Ordinal);
                Assert.Contains(grant, binding.Body, StringComparison.Ordinal);
                Assert.Single(cluster.Api.Requests, r => r.Method == "POST" && r.Path == FakeApiClient.Rbac(bundleNs, "roles"));
            }

            var bundle = new TrustBundle("extra-ca", new Dictionary<string, string> { [TrustBundle.LabelKey] = "true" }, new Dictionary<string, string> { ["a.pem"] = PemWriter.CertificatesPem([env.Pki!.Anchor]) });
            await env.Actions!.ApplyTrustBundleAsync(bundle, ct);
            await env.Actions.ApplyTrustBundleAsync(bundle with { Data = new Dictionary<string, string> { ["b.pem"] = PemWriter.CertificatesPem([env.Pki.Anchor]) } }, ct);
            using var api = FakeApiClient.Plain(cluster.Api);
            foreach (var bundleNs in BundleNamespaces)
            {
                Assert.Equal(
                    [("PUT", 404), ("POST", 201), ("PUT", 200)],
                    cluster.Api.Requests.Where(r => r.Path.StartsWith($"/api/v1/namespaces/{bundleNs}/configmaps", StringComparison.Ordinal) && r.Method != "GET").Select(r => (r.Method, r.Status)));
                var (_, stored) = await api.GetAsync($"/api/v1/namespaces/{bundleNs}/configmaps?labelSelector={Uri.EscapeDataString(TrustBundle.LabelKey)}");
                Assert.Contains("b.pem", stored, StringComparison.Ordinal);

                // The pod lists the namespace with its own service-account token, and is allowed to.
                await Eventually.TrueAsync(
                    () => cluster.Api.Requests.Any(r => r.Method == "GET" && r.Path == $"/api/v1/namespaces/{bundleNs}/configmaps" && r.Status == 200 && r.Authorization != $"Bearer {FakeKubernetesApi.Token}"),
                    Within,
                    $"the pod lists the trust bundles of {bundleNs} with its own token");
            }

            Assert.DoesNotContain(cluster.Api.Requests, r => r.Path.StartsWith($"/api/v1/namespaces/{ns}/configmaps/extra-ca", StringComparison.Ordinal));
            Assert.DoesNotContain(cluster.Api.Requests, r => r.Path.Contains("/configmaps", StringComparison.Ordinal) && r.Method == "GET" && r.Status == 403);
            await env.Actions.DeleteTrustBundleAsync("extra-ca", ct);
            foreach (var bundleNs in BundleNamespaces)
            {
                Assert.Contains(cluster.Api.Requests, r => r.Method == "DELETE" && r.Path == $"/api/v1/namespaces/{bundleNs}/configmaps/extra-ca" && r.Status == 200);
            }
        }
        finally
        {
            try
            {
                await env.DisposeAsync();
            }
            catch (TargetException e)
            {
                Assert.Fail($"{e.Message}\nrequests:\n{cluster.Describe()}");
            }
        }

        // The namespaces the run created go with it, as its own does.
        foreach (var gone in BundleNamespaces.Append(ns))
        {
            Assert.Contains(cluster.Api.Requests, r => r.Method == "DELETE" && r.Path == $"/api/v1/namespaces/{gone}");
        }

        Assert.Empty(cluster.Api.Namespaces);
        Assert.Equal(0, cluster.Api.RunningPods);
    }

    [Fact]
    public async Task In_a_namespace_that_existed_only_the_runs_bundles_and_grant_are_removed_also_by_an_emergency_stop()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        using var api = FakeApiClient.Plain(cluster.Api);

        // A Knative install's namespace, with a bundle of its own the run must leave alone.
        await api.CreateNamespaceAsync("knative-serving");
        await api.CreateAsync("/api/v1/namespaces/knative-serving/configmaps", new k8s.Models.V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new k8s.Models.V1ObjectMeta { Name = "installed-bundle", Labels = new Dictionary<string, string> { [TrustBundle.LabelKey] = "true" } },
            Data = new Dictionary<string, string> { ["ca.pem"] = "kept" },
        });
        await using var env = RunEnvironment.Prepare(cluster.Profile("knative-kubernetes.yaml"), TimeProvider.System);
        var target = (KubernetesTarget)env.Target;
        await cluster.StartTargetAsync(target, ct);
        var ns = target.Namespace!;
        var grant = $"conformance-trust-bundles-{target.RunSuffix}";
        // The existing namespace is used as it is: only the test's own POST created it.
        Assert.Single(cluster.Api.Requests, r => r.Method == "POST" && r.Path == "/api/v1/namespaces" && r.Body.Contains("\"knative-serving\"", StringComparison.Ordinal));

        // A bundle the scenario never deleted (the run was interrupted before its cleanup).
        var bundle = new TrustBundle("left-behind", new Dictionary<string, string> { [TrustBundle.LabelKey] = "true" }, new Dictionary<string, string> { ["a.pem"] = PemWriter.CertificatesPem([env.Pki!.Anchor]) });
        await env.Actions!.ApplyTrustBundleAsync(bundle, ct);

        // A second signal: everything is deleted without waiting on the run's own cleanup.
        target.StopNow(TimeSpan.FromSeconds(5));

        Assert.Contains(cluster.Api.Requests, r => r.Method == "DELETE" && r.Path == $"/api/v1/namespaces/{ns}");
        Assert.Contains(cluster.Api.Requests, r => r.Method == "DELETE" && r.Path == "/api/v1/namespaces/knative-serving-ingress");
        Assert.DoesNotContain(cluster.Api.Requests, r => r.Method == "DELETE" && r.Path == "/api/v1/namespaces/knative-serving");
        Assert.Contains(cluster.Api.Requests, r => r.Method == "DELETE" && r.Path == "/api/v1/namespaces/knative-serving/configmaps/left-behind" && r.Status == 200);
        Assert.Contains(cluster.Api.Requests, r => r.Method == "DELETE" && r.Path == $"{FakeApiClient.Rbac("knative-serving", "roles")}/{grant}" && r.Status == 200);
        Assert.Contains(cluster.Api.Requests, r => r.Method == "DELETE" && r.Path == $"{FakeApiClient.Rbac("knative-serving", "rolebindings")}/{grant}" && r.Status == 200);
        Assert.Equal(["knative-serving"], cluster.Api.Namespaces);
        var (_, left) = await api.GetAsync($"/api/v1/namespaces/knative-serving/configmaps?labelSelector={Uri.EscapeDataString(TrustBundle.LabelKey)}");
        using var list = JsonDocument.Parse(left);
        Assert.Equal(["installed-bundle"], list.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
    }
}
