using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.Engine;
using Conformance.FakeKubernetes;
using Conformance.Profiles;

namespace Conformance.Tests.Targets.Kubernetes;

/// <summary>A fake API server in a temp folder, a kubeconfig naming it, and the reference-kubernetes profile pointed at it.</summary>
internal sealed class FakeCluster : IAsyncDisposable
{
    private FakeCluster(string root, FakeKubernetesApi api, string kubeconfig)
    {
        Root = root;
        Api = api;
        Kubeconfig = kubeconfig;
    }

    public string Root { get; }

    public FakeKubernetesApi Api { get; }

    public string Kubeconfig { get; }

    public static async Task<FakeCluster> StartAsync(CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("conformance-fake-k8s-").FullName;
        var api = await FakeKubernetesApi.StartAsync(Path.Combine(root, "kubelet"), ct);
        var kubeconfig = api.WriteKubeconfig(Path.Combine(root, "kubeconfig"), "fake-context");
        return new FakeCluster(root, api, kubeconfig);
    }

    /// <summary>A shipped profile with <c>kubeconfig</c> (and optionally <c>context</c>) inserted, read from its own path so relative manifests resolve.</summary>
    public Profile Profile(string relative = "reference-kubernetes.yaml", string? context = "fake-context")
    {
        var path = Path.Combine(RepoPaths.FixtureProfiles, relative);
        var text = File.ReadAllText(path);
        var insert = $"  kubernetes:\n    kubeconfig: {Kubeconfig}\n" + (context is null ? string.Empty : $"    context: {context}\n");
        return ProfileLoader.Parse(text.Replace("  kubernetes:\n", insert, StringComparison.Ordinal), path);
    }

    /// <summary>The requests so far, one per line, for failure messages.</summary>
    public string Describe() => string.Join('\n', Api.Requests.Select(r => $"{r.Method} {r.Path}{r.Query} -> {r.Status} {r.Body[..Math.Min(r.Body.Length, 200)]}").Concat(Api.Events));

    /// <summary>Starts the target; a failure names every request the fake saw.</summary>
    public async Task StartAsync(Conformance.Targets.ITarget target, CancellationToken ct)
    {
        try
        {
            await target.StartAsync(ct);
        }
        catch (Conformance.Targets.TargetException e)
        {
            Assert.Fail($"{e.Message}\nrequests:\n{Describe()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>One TLS connection to a local forward: the served leaf and the HTTP answer to GET /.</summary>
    public async Task<(X509Certificate2 Leaf, string Answer)> GetAsync(Conformance.Targets.Kubernetes.KubernetesTarget target, ResolvedEndpoint ep, string serverName, CancellationToken ct)
    {
        try
        {
            return await GetAsync(ep, serverName, ct);
        }
        catch (IOException e)
        {
            Assert.Fail($"{e.Message}; forwarder: {target.LastForwardError}\nrequests:\n{Describe()}\npod log:\n{string.Join('\n', target.Logs.Select(l => l.Text))}");
            throw;
        }
    }

    public static async Task<(X509Certificate2 Leaf, string Answer)> GetAsync(ResolvedEndpoint ep, string serverName, CancellationToken ct)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(ep.Host, ep.Port, ct);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = serverName, RemoteCertificateValidationCallback = (_, _, _, _) => true }, ct);
        var leaf = new X509Certificate2(tls.RemoteCertificate!);
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET /k8s HTTP/1.1\r\nHost: {serverName}\r\nConnection: close\r\n\r\n"), ct);
        using var reader = new StreamReader(tls);
        return (leaf, await reader.ReadToEndAsync(ct));
    }
}
