using System.Net;
using Conformance.FakeKubernetes;
using Conformance.Tests.Targets.Kubernetes;
using k8s.Models;

namespace Conformance.Tests.Reference;

/// <summary>
/// What a pod's client library finds in a cluster, for the reference's in-cluster options
/// (<c>--trust-bundles-from kubernetes</c>, <c>--tls-secret-from kubernetes</c>) run as a plain process: the one fake API
/// server (<see cref="FakeKubernetesCluster"/>) with namespace <see cref="Namespace"/>, its default service account's
/// folder (token, the fake's <c>ca.crt</c>, namespace) granted what the test names, and the environment variables
/// pointing the reference at both. The test arranges objects through the API with the harness's token.
/// </summary>
internal sealed class FakeInCluster : IAsyncDisposable
{
    /// <summary>The namespace the service account belongs to.</summary>
    public const string Namespace = "conformance-tb";

    private readonly FakeKubernetesCluster _cluster;
    private readonly FakeApiClient _admin;

    private FakeInCluster(FakeKubernetesCluster cluster, FakeApiClient admin)
    {
        _cluster = cluster;
        _admin = admin;
    }

    public FakeKubernetesApi Api => _cluster.Api;

    /// <summary>The service account's folder (what <c>CONFORMANCE_SERVICEACCOUNT_DIR</c> names).</summary>
    public string ServiceAccountFolder => Api.ServiceAccountFolder(Namespace);

    /// <summary>The service account's current token.</summary>
    public string Token => Api.ServiceAccountToken(Namespace)!;

    /// <summary>KUBERNETES_SERVICE_HOST/PORT and CONFORMANCE_SERVICEACCOUNT_DIR for the reference process.</summary>
    public Dictionary<string, string> Environment => Api.InClusterEnvironment(Namespace);

    /// <summary>The requests the reference made (a service-account bearer, not the harness's), oldest first.</summary>
    public IReadOnlyList<FakeRequest> Requests => [.. Api.Requests.Where(r => r.Authorization != $"Bearer {FakeKubernetesApi.Token}")];

    /// <summary>Starts the fake with <see cref="Namespace"/>; <paramref name="grants"/>, when any, are bound to its default service account.</summary>
    public static async Task<FakeInCluster> StartAsync(CancellationToken ct, params V1PolicyRule[] grants)
    {
        var cluster = await FakeKubernetesCluster.StartAsync(ct);
        var admin = FakeApiClient.Plain(cluster.Api);
        var started = new FakeInCluster(cluster, admin);
        try
        {
            await admin.CreateNamespaceAsync(Namespace);
            if (grants.Length > 0)
            {
                await admin.GrantAsync(Namespace, "reader", new Rbacv1Subject { Kind = "ServiceAccount", Name = "default", NamespaceProperty = Namespace }, grants);
            }

            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>The path of <paramref name="plural"/> (and <paramref name="name"/>) in <see cref="Namespace"/>.</summary>
    public static string PathOf(string plural, string? name = null) => $"/api/v1/namespaces/{Namespace}/{plural}" + (name is null ? string.Empty : $"/{name}");

    public Task CreateAsync(string plural, object body) => _admin.CreateAsync(PathOf(plural), body);

    public async Task ReplaceAsync(string plural, string name, object body)
    {
        var (status, text) = await _admin.SendAsync(HttpMethod.Put, PathOf(plural, name), FakeKubernetesApi.Token, body);
        Assert.True(status == HttpStatusCode.OK, $"PUT {plural}/{name}: {(int)status} {text}");
    }

    public async Task DeleteAsync(string plural, string name)
    {
        var (status, text) = await _admin.SendAsync(HttpMethod.Delete, PathOf(plural, name), FakeKubernetesApi.Token);
        Assert.True(status == HttpStatusCode.OK, $"DELETE {plural}/{name}: {(int)status} {text}");
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _cluster.DisposeAsync();
    }
}
