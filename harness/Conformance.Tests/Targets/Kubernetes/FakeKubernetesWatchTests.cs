using System.Security.Cryptography.X509Certificates;
using Conformance.FakeKubernetes;
using Conformance.Pki;
using k8s;
using k8s.Models;

namespace Conformance.Tests.Targets.Kubernetes;

/// <summary>
/// KubernetesClient inside a pod of the fake, configured only from what the pod is given (the API server's service
/// variables and its service-account folder): it lists and watches labelled ConfigMaps once RBAC allows it.
/// </summary>
public sealed class FakeKubernetesWatchTests
{
    private const string Ns = "bundles";
    private const string Selector = "example.dev/trust-bundle";

    [Fact]
    public async Task An_in_cluster_client_lists_then_watches_labelled_configmaps_through_the_selector()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeKubernetesCluster.StartAsync(ct);
        using var admin = FakeApiClient.Plain(cluster.Api);
        using var ca = CertificateAuthority.CreateRoot("watch test");
        await admin.CreateNamespaceAsync(Ns);
        await admin.CreateTlsSecretAsync(Ns, ca);
        await admin.GrantAsync(Ns, "bundles", new Rbacv1Subject { Kind = "ServiceAccount", Name = "default", NamespaceProperty = Ns }, new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["list", "watch"] });
        await admin.CreateAsync($"/api/v1/namespaces/{Ns}/configmaps", Map("one", labelled: true));
        var pod = await FakePods.RunAsync(cluster, admin, Ns, FakePods.Deployment("consumer", new Dictionary<string, string> { ["app"] = "consumer" }, FakePods.ServerArgs()));

        // What an in-cluster client builds from the pod's environment and its mounted folder.
        var env = pod.Environment;
        var folder = env[FakePod.ServiceAccountDirVariable];
        using var anchor = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(folder, "ca.crt"), ct));
        var config = new KubernetesClientConfiguration
        {
            Host = $"https://{env["KUBERNETES_SERVICE_HOST"]}:{env["KUBERNETES_SERVICE_PORT"]}",
            AccessToken = await File.ReadAllTextAsync(Path.Combine(folder, "token"), ct),
            SslCaCerts = [anchor],
        };
        using var client = new k8s.Kubernetes(config);
        var ns = await File.ReadAllTextAsync(Path.Combine(folder, "namespace"), ct);

        var list = await client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: Selector, cancellationToken: ct);
        Assert.Equal(["one"], list.Items.Select(m => m.Metadata.Name));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(FakePods.Within);
        var seen = new List<string>();
        var changes = Task.Run(
            async () =>
            {
                await foreach (var (type, map) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, labelSelector: Selector, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: deadline.Token))
                {
                    lock (seen)
                    {
                        seen.Add($"{type} {map.Metadata.Name}");
                        if (seen.Count == 4)
                        {
                            return;
                        }
                    }
                }
            },
            ct);
        await Eventually.TrueAsync(() => cluster.Api.OpenWatches == 1, FakePods.Within, "the watch is open");

        await admin.CreateAsync($"/api/v1/namespaces/{Ns}/configmaps", Map("two", labelled: true));
        await admin.CreateAsync($"/api/v1/namespaces/{Ns}/configmaps", Map("plain", labelled: false));
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{Ns}/configmaps/plain", FakeKubernetesApi.Token, Map("plain", labelled: true));
        await admin.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{Ns}/configmaps/one", FakeKubernetesApi.Token, Map("one", labelled: false));
        await admin.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{Ns}/configmaps/two", FakeKubernetesApi.Token);
        await changes;

        Assert.Equal(["Added two", "Added plain", "Deleted one", "Deleted two"], seen);
        await Eventually.TrueAsync(() => cluster.Api.OpenWatches == 0, FakePods.Within, "the client's leaving ends the watch");

        // Without a resourceVersion the watch starts with what exists now.
        await foreach (var (type, map) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, labelSelector: Selector, cancellationToken: deadline.Token))
        {
            Assert.Equal((WatchEventType.Added, "plain"), (type, map.Metadata.Name));
            break;
        }

        // The token is still the service account's: what the Role does not grant is refused.
        var e = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: ct));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, e.Response.StatusCode);
    }

    private static V1ConfigMap Map(string name, bool labelled) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labelled ? new Dictionary<string, string> { [Selector] = "true" } : null },
        Data = new Dictionary<string, string> { ["ca.crt"] = name },
    };
}
