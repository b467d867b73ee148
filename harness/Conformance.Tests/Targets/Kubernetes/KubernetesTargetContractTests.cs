using System.Net.Sockets;
using System.Text.Json;
using Conformance.Engine;
using Conformance.FakeKubernetes;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Targets.Kubernetes;
using Conformance.TrustBundles;

namespace Conformance.Tests.Targets.Kubernetes;

/// <summary>
/// The kubernetes target against the fake API server: the exact requests it makes (method, path, selectors, bodies),
/// the port-forward to the reference server the fake runs as its pod, and that a run leaves nothing behind.
/// </summary>
public sealed class KubernetesTargetContractTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_creates_a_labelled_namespace_tls_secrets_and_the_manifests_then_forwards_tls_with_the_profile_sni_and_cleans_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var env = RunEnvironment.Prepare(cluster.Profile(), TimeProvider.System);
        string ns;
        KubernetesTarget target;
        int localPort;
        try
        {
            target = Assert.IsType<KubernetesTarget>(env.Target);
            Assert.IsType<KubernetesTargetActions>(env.Actions);
            await cluster.StartTargetAsync(target, ct);
            ns = target.Namespace!;
            Assert.StartsWith("conformance-reference-", ns, StringComparison.Ordinal);

            var requests = cluster.Api.Requests;
            Assert.All(requests, r => Assert.Equal($"Bearer {FakeKubernetesApi.Token}", r.Authorization));
            var first = requests[0];
            Assert.Equal(("POST", "/api/v1/namespaces"), (first.Method, first.Path));
            using (var body = JsonDocument.Parse(first.Body))
            {
                var labels = body.RootElement.GetProperty("metadata").GetProperty("labels");
                Assert.Equal("conformance", labels.GetProperty(KubernetesTargetOptions.ManagedByLabel).GetString());
                Assert.Equal(ns[(ns.LastIndexOf('-') + 1)..], labels.GetProperty(KubernetesTargetOptions.RunLabel).GetString());
            }

            var creates = requests.Where(r => r.Method == "POST").Select(r => r.Path).ToList();
            Assert.Equal(
                [
                    "/api/v1/namespaces",
                    $"/api/v1/namespaces/{ns}/secrets",
                    $"/api/v1/namespaces/{ns}/secrets",
                    $"/api/v1/namespaces/{ns}/configmaps",
                    $"/api/v1/namespaces/{ns}/services",
                    $"/apis/apps/v1/namespaces/{ns}/deployments",
                ],
                creates);
            var secrets = requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/secrets", StringComparison.Ordinal)).Select(r => JsonDocument.Parse(r.Body)).ToList();
            try
            {
                Assert.Equal(["conformance-tls", "conformance-tls-app"], secrets.Select(s => s.RootElement.GetProperty("metadata").GetProperty("name").GetString()));
                Assert.All(secrets, s => Assert.Equal("kubernetes.io/tls", s.RootElement.GetProperty("type").GetString()));
                var crt = Convert.FromBase64String(secrets[0].RootElement.GetProperty("data").GetProperty("tls.crt").GetString()!);
                Assert.Equal(PemWriter.CertificatesPem(env.Pki!.ServerLeaf.ServedChain), System.Text.Encoding.ASCII.GetString(crt));
                Assert.True(secrets[0].RootElement.GetProperty("data").TryGetProperty("tls.key", out _));
            }
            finally
            {
                secrets.ForEach(s => s.Dispose());
            }

            // Readiness is read from the Deployment's status and the pods its selector names.
            Assert.Contains(requests, r => r.Method == "GET" && r.Path == $"/apis/apps/v1/namespaces/{ns}/deployments/reference/status");
            Assert.Contains(requests, r => r.Method == "GET" && r.Path == $"/api/v1/namespaces/{ns}/pods" && r.Query.StartsWith("?labelSelector=app%3Dreference", StringComparison.Ordinal));
            var pod = target.CurrentPod!;
            await Eventually.TrueAsync(
                () => cluster.Api.Requests.Any(r => r.Path == $"/api/v1/namespaces/{ns}/pods/{pod}/log" && r.Query.Contains("container=reference", StringComparison.Ordinal) && r.Query.Contains("follow=true", StringComparison.Ordinal)),
                Within,
                "the target follows the pod's container log");

            // Through the API's port-forward to the reference server the fake runs; SNI picks the cluster-name certificate.
            var https = env.Endpoints.Single(e => e.Name == "https");
            localPort = https.Port;
            var (leaf, answer) = await cluster.GetAsync(target, https, "app.conformance.svc.cluster.local", ct);
            using (leaf)
            {
                Assert.Equal(env.Pki!.SniLeaves["app"].Certificate.Thumbprint, leaf.Thumbprint);
            }

            Assert.Contains("conformance-reference-content", answer, StringComparison.Ordinal);
            Assert.Contains(cluster.Api.Requests, r => r.Path == $"/api/v1/namespaces/{ns}/pods/{pod}/portforward" && r.Query == "?ports=8443");
            Assert.Equal(["--https", "--http"], cluster.Api.PodOf(ns, "reference")!.Arguments.Where(a => a.StartsWith("--http", StringComparison.Ordinal)));
            await Eventually.TrueAsync(() => target.Logs.Any(l => l.Source == "reference" && l.Text.StartsWith("listening https=", StringComparison.Ordinal)), Within, "the pod's start line arrives as a log line of container reference");
            await Eventually.TrueAsync(() => cluster.Api.OpenPortForwards == 0 && target.OpenForwards == 0, Within, "the finished connection's port-forward session is closed");
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

        // Cleanup: the namespace is deleted (and gone), the pod's process stopped, no forward left, the local port closed.
        Assert.Contains(cluster.Api.Requests, r => r.Method == "DELETE" && r.Path == $"/api/v1/namespaces/{ns}");
        Assert.Equal("GET", cluster.Api.Requests[^1].Method);
        Assert.Empty(cluster.Api.Namespaces);
        Assert.Equal(0, cluster.Api.RunningPods);
        Assert.Equal(0, cluster.Api.OpenPortForwards);
        Assert.False(Directory.Exists(cluster.Api.FolderOf(ns)));
        using var probe = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync("127.0.0.1", localPort, ct));
    }

    [Fact]
    public async Task Actions_replace_the_secret_manage_labelled_bundles_and_restart_by_rollout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        await using var env = RunEnvironment.Prepare(cluster.Profile(), TimeProvider.System);
        var target = (KubernetesTarget)env.Target;
        var actions = env.Actions!;
        await cluster.StartTargetAsync(target, ct);
        var ns = target.Namespace!;
        var https = env.Endpoints.Single(e => e.Name == "https");
        const string Sni = "reference.conformance.svc.cluster.local";

        // Rotation: one PUT of the kubernetes.io/tls Secret; the fake's kubelet swaps the mounted pair, the server reloads.
        using var next = env.Pki!.IssueReplacementLeaf();
        await actions.ReplaceCertificateAsync(PemWriter.CertificatesPem(next.ServedChain), PemWriter.PrivateKeyPem(next.Certificate), ct);
        var put = Assert.Single(cluster.Api.Requests, r => r.Method == "PUT");
        Assert.Equal($"/api/v1/namespaces/{ns}/secrets/conformance-tls", put.Path);
        using (var body = JsonDocument.Parse(put.Body))
        {
            Assert.Equal("kubernetes.io/tls", body.RootElement.GetProperty("type").GetString());
        }

        await Support.Poll.UntilAsync(
            async () =>
            {
                var (leaf, _) = await cluster.GetAsync(target, https, Sni, ct);
                using (leaf)
                {
                    return leaf.Thumbprint == next.Certificate.Thumbprint;
                }
            },
            Within,
            "the replaced Secret's certificate is served through the port-forward",
            ct);
        await Eventually.TrueAsync(() => target.Logs.Any(l => l.Text.StartsWith("certificate reloaded:", StringComparison.Ordinal)), Within, "the reload line arrives in the container log");

        // Trust bundles: labelled ConfigMaps, created then replaced, deleted idempotently.
        var bundle = new TrustBundle("extra-ca", new Dictionary<string, string> { [TrustBundle.LabelKey] = "any" }, new Dictionary<string, string> { ["a.pem"] = PemWriter.CertificatesPem([env.Pki.Anchor]) });
        await actions.ApplyTrustBundleAsync(bundle, ct);
        await actions.ApplyTrustBundleAsync(bundle with { Data = new Dictionary<string, string> { ["b.pem"] = PemWriter.CertificatesPem([env.Pki.Anchor]) } }, ct);
        var bundleRequests = cluster.Api.Requests.Where(r => r.Path.StartsWith($"/api/v1/namespaces/{ns}/configmaps/extra-ca", StringComparison.Ordinal) || (r.Method == "POST" && r.Body.Contains("extra-ca", StringComparison.Ordinal))).Select(r => (r.Method, r.Path)).ToList();
        Assert.Equal(
            [("PUT", $"/api/v1/namespaces/{ns}/configmaps/extra-ca"), ("POST", $"/api/v1/namespaces/{ns}/configmaps"), ("PUT", $"/api/v1/namespaces/{ns}/configmaps/extra-ca")],
            bundleRequests);
        using var api = FakeApiClient.Plain(cluster.Api);
        var (status, stored) = await api.GetAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector={Uri.EscapeDataString(TrustBundle.LabelKey)}");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Contains("\"extra-ca\"", stored, StringComparison.Ordinal);
        Assert.Contains("b.pem", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("a.pem", stored, StringComparison.Ordinal);
        await actions.DeleteTrustBundleAsync("extra-ca", ct);
        await actions.DeleteTrustBundleAsync("extra-ca", ct);
        Assert.Equal(2, cluster.Api.Requests.Count(r => r.Method == "DELETE" && r.Path == $"/api/v1/namespaces/{ns}/configmaps/extra-ca"));
        Assert.DoesNotContain("\"extra-ca\"", (await api.GetAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector={Uri.EscapeDataString(TrustBundle.LabelKey)}")).Body, StringComparison.Ordinal);

        // Client-CA bundle ({pki:bundle} on this target): the ConfigMap conformance-bundle, key ca.crt.
        await actions.ReplaceTrustBundleAsync([PemWriter.CertificatesPem([env.Pki.Anchor])], ct);
        Assert.Contains(cluster.Api.Requests, r => r.Method == "PUT" && r.Path == $"/api/v1/namespaces/{ns}/configmaps/conformance-bundle" && r.Body.Contains("ca.crt", StringComparison.Ordinal));

        // Restart: a strategic-merge PATCH of the pod template's restartedAt annotation, then a new pod, ready.
        var before = target.CurrentPod;
        await actions.RestartAsync(ct);
        var patch = Assert.Single(cluster.Api.Requests, r => r.Method == "PATCH");
        Assert.Equal($"/apis/apps/v1/namespaces/{ns}/deployments/reference", patch.Path);
        Assert.StartsWith("application/strategic-merge-patch+json", patch.ContentType, StringComparison.Ordinal);
        Assert.Contains(KubernetesTarget.RestartedAtAnnotation, patch.Body, StringComparison.Ordinal);
        Assert.NotEqual(before, target.CurrentPod);
        var (after, answer) = await cluster.GetAsync(target, https, Sni, ct);
        using (after)
        {
            Assert.Equal(next.Certificate.Thumbprint, after.Thumbprint);
        }

        Assert.Contains("conformance-reference-content", answer, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => target.Logs.Count(l => l.Text.StartsWith("listening https=", StringComparison.Ordinal)) == 2, Within, "the new pod's start line is followed too");
    }

    [Fact]
    public async Task A_container_that_exits_is_seen_by_its_restart_count_and_its_new_instance_is_followed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        await using var env = RunEnvironment.Prepare(cluster.Profile(), TimeProvider.System);
        var target = (KubernetesTarget)env.Target;
        await cluster.StartTargetAsync(target, ct);
        var pod = target.CurrentPod;

        // Nothing exits by itself: a bounded wait says so.
        Assert.False(await env.Actions!.WaitForExitAsync(TimeSpan.FromMilliseconds(600), ct));

        var restart = env.Actions.RestartAfterExitAsync(Within, ct);
        await Eventually.TrueAsync(() => cluster.Api.Requests.Count(r => r.Path == $"/api/v1/namespaces/{target.Namespace}/pods/{pod}") >= 2, Within, "the restart count is being read");
        cluster.Api.PodOf(target.Namespace!, "reference")!.Crash();

        Assert.True(await restart);
        Assert.Equal(pod, target.CurrentPod);
        Assert.Equal(1, cluster.Api.PodOf(target.Namespace!, "reference")!.RestartCount);
        var (leaf, _) = await cluster.GetAsync(target, env.Endpoints.Single(e => e.Name == "https"), "reference.conformance.svc.cluster.local", ct);
        leaf.Dispose();
        await Eventually.TrueAsync(() => target.Logs.Count(l => l.Text.StartsWith("listening https=", StringComparison.Ordinal)) == 2, Within, "the restarted container's start line is followed");
    }

    [Fact]
    public async Task An_unreachable_api_server_is_one_line_naming_it_and_the_call()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var dead = Support.ClosedPort.Get();
        await File.WriteAllTextAsync(cluster.Kubeconfig, (await File.ReadAllTextAsync(cluster.Kubeconfig, ct)).Replace(cluster.Api.BaseAddress.GetLeftPart(UriPartial.Authority), $"http://127.0.0.1:{dead}", StringComparison.Ordinal), ct);
        await using var env = RunEnvironment.Prepare(cluster.Profile(), TimeProvider.System);

        var e = await Assert.ThrowsAsync<TargetException>(() => env.Target.StartAsync(ct));

        Assert.DoesNotContain('\n', e.Message);
        Assert.Matches($"^creating namespace conformance-reference-[a-z0-9]{{6}}: the Kubernetes API server http://127.0.0.1:{dead}: unreachable \\(ConnectionRefused\\)$", e.Message);
        Assert.Empty(cluster.Api.Requests);
    }

    [Fact]
    public async Task An_unknown_context_is_one_line_naming_the_kubeconfig()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        await using var env = RunEnvironment.Prepare(cluster.Profile(context: "no-such-context"), TimeProvider.System);

        var e = await Assert.ThrowsAsync<TargetException>(() => env.Target.StartAsync(ct));

        Assert.StartsWith($"cannot use the kubeconfig {cluster.Kubeconfig} (context no-such-context): ", e.Message, StringComparison.Ordinal);
        Assert.Empty(cluster.Api.Requests);
    }
}
