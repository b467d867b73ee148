using System.Net;
using Conformance.FakeKubernetes;
using k8s;
using k8s.Models;

namespace Conformance.Tests.Targets.Kubernetes;

/// <summary>
/// Label selectors on the fake's lists in the forms its callers send (<c>KEY</c> for the reference's trust bundles,
/// <c>KEY=VALUE,…</c> for the target's pods; ConfigMaps and pods share the matcher), and any other form refused with 400.
/// </summary>
public sealed class FakeKubernetesSelectorTests
{
    private static readonly Dictionary<string, Dictionary<string, string>?> Maps = new()
    {
        ["a"] = new() { ["app"] = "web", ["tier"] = "front" },
        ["b"] = new() { ["app"] = "web" },
        ["c"] = new() { ["app"] = "db", ["tier"] = "back", ["example.com/trust-bundle"] = "x" },
        ["d"] = null,
    };

    [Theory]
    [InlineData("app=web", "a,b")]
    [InlineData("tier", "a,c")]
    [InlineData("app=web,tier", "a")]
    [InlineData("app = web , tier", "a")]
    [InlineData("example.com/trust-bundle", "c")]
    [InlineData("", "a,b,c,d")]
    [InlineData("app=none", "")]
    public async Task A_configmap_list_honours_the_selector(string selector, string expected)
    {
        await using var cluster = await FakeKubernetesCluster.StartAsync(TestContext.Current.CancellationToken);
        using var client = FakeApiClient.Plain(cluster.Api);
        await client.CreateNamespaceAsync("s");
        foreach (var (name, labels) in Maps)
        {
            await client.CreateAsync("/api/v1/namespaces/s/configmaps", new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = labels } });
        }

        var (status, body) = await client.GetAsync($"/api/v1/namespaces/s/configmaps?labelSelector={Uri.EscapeDataString(selector)}");

        Assert.Equal(HttpStatusCode.OK, status);
        var list = KubernetesJson.Deserialize<V1ConfigMapList>(body);
        Assert.Equal(("v1", "ConfigMapList"), (list.ApiVersion, list.Kind));
        Assert.Equal(expected, string.Join(',', list.Items.Select(c => c.Metadata.Name)));
        Assert.All(list.Items, c => Assert.Equal(("v1", "ConfigMap", "s"), (c.ApiVersion, c.Kind, c.Metadata.NamespaceProperty)));

        // The list's resourceVersion is the store's latest (four writes), each item's that of its own write.
        Assert.Equal("4", list.Metadata.ResourceVersion);
        Assert.All(list.Items, c => Assert.Equal((Maps.Keys.ToList().IndexOf(c.Metadata.Name) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), c.Metadata.ResourceVersion));
    }

    [Theory]
    [InlineData("app!=web")]
    [InlineData("app==web")]
    [InlineData("!tier")]
    [InlineData("app in (web)")]
    [InlineData("=web")]
    public async Task A_form_no_caller_sends_is_400_naming_it_on_configmaps_and_pods(string selector)
    {
        await using var cluster = await FakeKubernetesCluster.StartAsync(TestContext.Current.CancellationToken);
        using var client = FakeApiClient.Plain(cluster.Api);
        await client.CreateNamespaceAsync("s");

        foreach (var resource in new[] { "configmaps", "pods" })
        {
            var (status, body) = await client.GetAsync($"/api/v1/namespaces/s/{resource}?labelSelector={Uri.EscapeDataString(selector)}");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            var (reason, message) = FakeApiClient.StatusOf(body);
            Assert.Equal("BadRequest", reason);
            Assert.StartsWith("the fake API server matches only KEY and KEY=VALUE requirements, not ", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_pod_list_uses_the_same_matcher()
    {
        await using var cluster = await FakeKubernetesCluster.StartAsync(TestContext.Current.CancellationToken);
        using var client = FakeApiClient.Plain(cluster.Api);
        using var ca = Conformance.Pki.CertificateAuthority.CreateRoot("selector test");
        await client.CreateNamespaceAsync("s");
        await client.CreateTlsSecretAsync("s", ca);
        await FakePods.RunAsync(cluster, client, "s", FakePods.Deployment("web", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }, FakePods.ServerArgs()));

        async Task<string> Names(string selector)
        {
            var (status, body) = await client.GetAsync($"/api/v1/namespaces/s/pods?labelSelector={Uri.EscapeDataString(selector)}");
            Assert.Equal(HttpStatusCode.OK, status);
            return string.Join(',', KubernetesJson.Deserialize<V1PodList>(body).Items.Select(p => p.Metadata.Labels["app"]));
        }

        Assert.Equal("web", await Names("app=web,tier"));
        Assert.Equal("web", await Names("tier=front"));
        Assert.Equal(string.Empty, await Names("app=db"));
        Assert.Equal(string.Empty, await Names("other"));
    }
}
