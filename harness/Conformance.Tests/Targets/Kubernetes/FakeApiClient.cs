using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Conformance.FakeKubernetes;
using Conformance.Pki;
using k8s;
using k8s.Models;

namespace Conformance.Tests.Targets.Kubernetes;

/// <summary>Raw requests to the fake API server (as kubectl or an in-cluster client would send them), with a chosen bearer token.</summary>
internal sealed class FakeApiClient : IDisposable
{
    private readonly HttpClient _http;

    private FakeApiClient(HttpClient http) => _http = http;

    /// <summary>A client of the plain-HTTP listener.</summary>
    public static FakeApiClient Plain(FakeKubernetesApi api) => new(new HttpClient { BaseAddress = api.BaseAddress, Timeout = FakePods.Within });

    /// <summary>
    /// A client of the HTTPS listener that trusts only <paramref name="caPem"/> and checks the name, reaching
    /// <paramref name="host"/> (a name is connected to 127.0.0.1, as cluster DNS would resolve it to the API server).
    /// </summary>
    public static FakeApiClient Https(FakeKubernetesApi api, string caPem, string host = "127.0.0.1")
    {
        var anchor = X509Certificate2.CreateFromPem(caPem);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { anchor },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        return new FakeApiClient(new HttpClient(handler) { BaseAddress = new Uri($"https://{host}:{api.HttpsAddress.Port}"), Timeout = FakePods.Within });
    }

    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(KubernetesJson.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string? token = FakeKubernetesApi.Token) => SendAsync(HttpMethod.Get, path, token);

    /// <summary>Creates with the harness's token; fails the test unless 201.</summary>
    public async Task CreateAsync(string path, object body)
    {
        var (status, text) = await SendAsync(HttpMethod.Post, path, FakeKubernetesApi.Token, body);
        Assert.True(status == HttpStatusCode.Created, $"POST {path}: {(int)status} {text}");
    }

    public Task CreateNamespaceAsync(string ns) => CreateAsync("/api/v1/namespaces", new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = ns } });

    /// <summary>The path of a namespace's RBAC collection (<c>roles</c> or <c>rolebindings</c>).</summary>
    public static string Rbac(string ns, string plural) => $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/{plural}";

    /// <summary>A RoleBinding of Role <paramref name="role"/> to <paramref name="subjects"/>.</summary>
    public static V1RoleBinding RoleBinding(string name, string role, params IList<Rbacv1Subject> subjects) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = role },
        Subjects = subjects,
    };

    /// <summary>Creates Role <paramref name="name"/> with <paramref name="rules"/> and binds it, under the same name, to <paramref name="subject"/>.</summary>
    public async Task GrantAsync(string ns, string name, Rbacv1Subject subject, params IList<V1PolicyRule> rules)
    {
        await CreateAsync(Rbac(ns, "roles"), new V1Role { Metadata = new V1ObjectMeta { Name = name }, Rules = rules });
        await CreateAsync(Rbac(ns, "rolebindings"), RoleBinding(name, name, subject));
    }

    /// <summary>A kubernetes.io/tls Secret <c>tls</c> for <c>localhost</c> (what the test pods mount at /etc/tls).</summary>
    public async Task CreateTlsSecretAsync(string ns, CertificateAuthority ca)
    {
        using var leaf = ca.Issue(new LeafSpecBuilder().WithDnsNames("localhost").Build());
        await CreateAsync($"/api/v1/namespaces/{ns}/secrets", new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = "kubernetes.io/tls",
            Metadata = new V1ObjectMeta { Name = "tls" },
            StringData = new Dictionary<string, string> { ["tls.crt"] = PemWriter.CertificatesPem(leaf.ServedChain), ["tls.key"] = PemWriter.PrivateKeyPem(leaf.Certificate) },
        });
    }

    /// <summary>The Status object's reason and message.</summary>
    public static (string Reason, string Message) StatusOf(string body)
    {
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("Status", doc.RootElement.GetProperty("kind").GetString());
        return (doc.RootElement.GetProperty("reason").GetString()!, doc.RootElement.GetProperty("message").GetString()!);
    }

    public void Dispose() => _http.Dispose();
}
