using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.FakeKubernetes;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Targets;
using Conformance.Targets.Kubernetes;

namespace Conformance.Tests.Targets.Kubernetes;

/// <summary>What the kubernetes target's tests do with a <see cref="FakeKubernetesCluster"/>: profiles pointed at it, and failures that name every request it saw.</summary>
internal static class FakeClusterTestExtensions
{
    /// <summary>A shipped profile with <c>kubeconfig</c> (and optionally <c>context</c>) inserted, read from its own path so relative manifests resolve.</summary>
    public static Profile Profile(this FakeKubernetesCluster cluster, string relative = "reference-kubernetes.yaml", string? context = FakeKubernetesCluster.Context)
    {
        var path = Path.Combine(RepoPaths.FixtureProfiles, relative);
        return ProfileLoader.Parse(cluster.ProfileText(path, context: context), path);
    }

    /// <summary>Starts the target; a failure names every request the fake saw.</summary>
    public static async Task StartTargetAsync(this FakeKubernetesCluster cluster, ITarget target, CancellationToken ct)
    {
        try
        {
            await target.StartAsync(ct);
        }
        catch (TargetException e)
        {
            Assert.Fail($"{e.Message}\nrequests:\n{cluster.Describe()}");
        }
    }

    /// <summary>One TLS connection to a local forward: the served leaf and the HTTP answer to GET /.</summary>
    public static async Task<(X509Certificate2 Leaf, string Answer)> GetAsync(this FakeKubernetesCluster cluster, KubernetesTarget target, ResolvedEndpoint ep, string serverName, CancellationToken ct)
    {
        try
        {
            return await TlsGetAsync(ep, serverName, ct);
        }
        catch (IOException e)
        {
            Assert.Fail($"{e.Message}; forwarder: {target.LastForwardError}\nrequests:\n{cluster.Describe()}\npod log:\n{string.Join('\n', target.Logs.Select(l => l.Text))}");
            throw;
        }
    }

    private static async Task<(X509Certificate2 Leaf, string Answer)> TlsGetAsync(ResolvedEndpoint ep, string serverName, CancellationToken ct)
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
