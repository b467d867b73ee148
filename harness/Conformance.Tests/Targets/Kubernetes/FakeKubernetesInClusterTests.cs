using System.Net;
using System.Security.Authentication;
using Conformance.FakeKubernetes;
using k8s;
using k8s.Models;

namespace Conformance.Tests.Targets.Kubernetes;

/// <summary>
/// The fake API server as a pod sees it: the HTTPS listener (certificate from the fake's own CA), the service-account
/// folder with token, ca.crt and namespace, and RBAC enforced for service-account tokens (what the flux and knative
/// manifests' Roles and RoleBindings are checked against).
/// </summary>
public sealed class FakeKubernetesInClusterTests : IAsyncLifetime
{
    private FakeKubernetesCluster _cluster = null!;
    private FakeApiClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await FakeKubernetesCluster.StartAsync(TestContext.Current.CancellationToken);
        _admin = FakeApiClient.Plain(_cluster.Api);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _cluster.DisposeAsync();
    }
    [Fact]
    public async Task Https_listener_serves_the_same_routes_to_a_client_trusting_only_the_fakes_ca_by_ip_and_by_service_name()
    {
        var api = _cluster.Api;
        Assert.Equal(("https", "127.0.0.1"), (api.HttpsAddress.Scheme, api.HttpsAddress.Host));
        Assert.NotEqual(api.BaseAddress.Port, api.HttpsAddress.Port);
        Assert.Equal(api.CaCertificate.Thumbprint, System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(api.CaPem).Thumbprint);

        using (var byIp = FakeApiClient.Https(api, api.CaPem))
        {
            await byIp.CreateNamespaceAsync("over-tls");
        }

        using (var byName = FakeApiClient.Https(api, api.CaPem, "kubernetes.default.svc"))
        {
            var (status, body) = await byName.GetAsync("/api/v1/namespaces/over-tls");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Active", KubernetesJson.Deserialize<V1Namespace>(body).Status.Phase);
        }

        // The same store behind the plain listener.
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/v1/namespaces/over-tls")).Status);

        // A client that trusts another CA, or expects a name the certificate lacks, is refused at the handshake.
        using var stranger = Conformance.Pki.CertificateAuthority.CreateRoot("stranger");
        using (var untrusting = FakeApiClient.Https(api, Conformance.Pki.PemWriter.CertificatesPem([stranger.Certificate])))
        {
            var e = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("/api/v1/namespaces/over-tls"));
            Assert.IsType<AuthenticationException>(e.InnerException);
        }

        using (var wrongName = FakeApiClient.Https(api, api.CaPem, "elsewhere.example"))
        {
            var e = await Assert.ThrowsAsync<HttpRequestException>(() => wrongName.GetAsync("/api/v1/namespaces/over-tls"));
            Assert.IsType<AuthenticationException>(e.InnerException);
        }
    }

    [Fact]
    public async Task A_namespace_has_a_service_account_folder_kubelet_style_and_deleting_the_namespace_removes_it_and_its_token()
    {
        var api = _cluster.Api;
        var client = _admin;
        await client.CreateNamespaceAsync("team-a");

        var folder = api.ServiceAccountFolder("team-a");
        Assert.Equal(Path.Combine(api.FolderOf("team-a"), "serviceaccount"), folder);
        var token = await File.ReadAllTextAsync(Path.Combine(folder, "token"), TestContext.Current.CancellationToken);
        Assert.Equal(api.ServiceAccountToken("team-a"), token);
        Assert.True(token.Length >= 40, token);
        Assert.Equal(api.CaPem, await File.ReadAllTextAsync(Path.Combine(folder, "ca.crt"), TestContext.Current.CancellationToken));
        Assert.Equal("team-a", await File.ReadAllTextAsync(Path.Combine(folder, "namespace"), TestContext.Current.CancellationToken));
        Assert.True(Directory.Exists(Path.Combine(folder, "..data")), "kubelet's ..data layout");

        // Another namespace, another token; another service account, another token and folder.
        await client.CreateNamespaceAsync("team-b");
        Assert.NotEqual(token, api.ServiceAccountToken("team-b"));
        var reader = api.ServiceAccountToken("team-a", "reader");
        Assert.NotEqual(token, reader);
        Assert.Equal(reader, await File.ReadAllTextAsync(Path.Combine(api.ServiceAccountFolder("team-a", "reader"), "token"), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/team-a", FakeKubernetesApi.Token)).Status);
        Assert.False(Directory.Exists(folder));
        Assert.False(Directory.Exists(api.FolderOf("team-a")));
        Assert.Null(api.ServiceAccountToken("team-a"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/namespaces/team-b/configmaps", token)).Status);
    }

    [Fact]
    public async Task A_service_account_token_lists_configmaps_only_as_a_role_binding_grants_in_that_namespace()
    {
        var api = _cluster.Api;
        var admin = _admin;
        await admin.CreateNamespaceAsync("apps");
        await admin.CreateNamespaceAsync("other");
        foreach (var ns in new[] { "apps", "other" })
        {
            await admin.CreateAsync($"/api/v1/namespaces/{ns}/configmaps", new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = "bundle", Labels = new Dictionary<string, string> { ["trust"] = "yes" } }, Data = new Dictionary<string, string> { ["ca.crt"] = "x" } });
        }

        // As a pod would: the token and CA from its folder, the HTTPS listener.
        var folder = api.ServiceAccountFolder("apps");
        var token = await File.ReadAllTextAsync(Path.Combine(folder, "token"), TestContext.Current.CancellationToken);
        using var pod = FakeApiClient.Https(api, await File.ReadAllTextAsync(Path.Combine(folder, "ca.crt"), TestContext.Current.CancellationToken));
        const string User = "system:serviceaccount:apps:default";

        // No Role yet: forbidden, with the API server's message.
        var (status, body) = await pod.GetAsync("/api/v1/namespaces/apps/configmaps?labelSelector=trust", token);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(("Forbidden", $"configmaps is forbidden: User \"{User}\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"apps\""), FakeApiClient.StatusOf(body));

        // A Role granting get/list/watch on configmaps, bound to another account first: still forbidden.
        await admin.GrantAsync("apps", "bundle-reader", new Rbacv1Subject { Kind = "ServiceAccount", Name = "someone-else", NamespaceProperty = "apps" }, new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["get", "list", "watch"] });
        Assert.Equal(HttpStatusCode.Forbidden, (await pod.GetAsync("/api/v1/namespaces/apps/configmaps", token)).Status);

        // Bound to this account too (a second binding, as the target creates them): list is allowed; create is not.
        await admin.CreateAsync(FakeApiClient.Rbac("apps", "rolebindings"), FakeApiClient.RoleBinding("bundle-reader-default", "bundle-reader", new Rbacv1Subject { Kind = "ServiceAccount", Name = "default", NamespaceProperty = "apps" }));
        (status, body) = await pod.GetAsync("/api/v1/namespaces/apps/configmaps?labelSelector=trust", token);
        Assert.Equal(HttpStatusCode.OK, status);
        var list = KubernetesJson.Deserialize<V1ConfigMapList>(body);
        Assert.Equal(("v1", "ConfigMapList"), (list.ApiVersion, list.Kind));
        Assert.Equal(["bundle"], list.Items.Select(c => c.Metadata.Name));
        (status, body) = await pod.SendAsync(HttpMethod.Post, "/api/v1/namespaces/apps/configmaps", token, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "mine" } });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal($"configmaps is forbidden: User \"{User}\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"apps\"", FakeApiClient.StatusOf(body).Message);
        (status, body) = await pod.GetAsync("/api/v1/namespaces/apps/secrets/tls", token);
        Assert.Equal($"secrets \"tls\" is forbidden: User \"{User}\" cannot get resource \"secrets\" in API group \"\" in the namespace \"apps\"", FakeApiClient.StatusOf(body).Message);
        (status, body) = await pod.GetAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/apps/roles", token);
        Assert.Equal($"roles.rbac.authorization.k8s.io is forbidden: User \"{User}\" cannot list resource \"roles\" in API group \"rbac.authorization.k8s.io\" in the namespace \"apps\"", FakeApiClient.StatusOf(body).Message);

        // Another namespace: its RoleBindings grant this account nothing.
        (status, body) = await pod.GetAsync("/api/v1/namespaces/other/configmaps", token);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal($"configmaps is forbidden: User \"{User}\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"other\"", FakeApiClient.StatusOf(body).Message);

        // Cluster scope: nothing grants it.
        (status, body) = await pod.GetAsync("/api/v1/namespaces", token);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.EndsWith("cannot list resource \"namespaces\" in API group \"\" at the cluster scope", FakeApiClient.StatusOf(body).Message, StringComparison.Ordinal);

        // Unknown or missing bearer: 401. The harness's token: everything, on both listeners.
        (status, body) = await pod.GetAsync("/api/v1/namespaces/apps/configmaps", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(("Unauthorized", "Unauthorized"), FakeApiClient.StatusOf(body));
        Assert.Equal(HttpStatusCode.Unauthorized, (await pod.GetAsync("/api/v1/namespaces/apps/configmaps", token: null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await pod.GetAsync("/api/v1/namespaces/other/configmaps")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/namespaces/other/configmaps")).Status);

        // Every decision is recorded with its status.
        Assert.Contains(api.Requests, r => r.Path == "/api/v1/namespaces/other/configmaps" && r.Authorization == $"Bearer {token}" && r.Status == 403);
    }

    [Fact]
    public async Task A_rule_with_resource_names_grants_only_those_and_a_watch_is_refused_as_not_served()
    {
        var api = _cluster.Api;
        var admin = _admin;
        await admin.CreateNamespaceAsync("apps");
        await admin.GrantAsync(
            "apps",
            "r",
            new Rbacv1Subject { Kind = "Group", Name = "system:serviceaccounts:apps" },
            new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["list", "watch"] },
            new V1PolicyRule { ApiGroups = ["*"], Resources = ["secrets"], ResourceNames = ["allowed"], Verbs = ["*"] });
        var token = api.ServiceAccountToken("apps")!;

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/namespaces/apps/configmaps", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/namespaces/apps/secrets/allowed", token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/v1/namespaces/apps/secrets/other", token)).Status);

        // No caller watches, so the fake does not pretend to: a watch is refused, not answered as a list.
        var (status, body) = await admin.GetAsync("/api/v1/namespaces/apps/configmaps?watch=true");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Contains("does not serve watches", FakeApiClient.StatusOf(body).Message, StringComparison.Ordinal);
    }
}
