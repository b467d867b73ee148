using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Conformance.Tests.Support;

/// <summary>
/// A TLS client for the trust-bundle upstream (in-process or the reference's <c>--mode upstream</c>): connects to
/// 127.0.0.1, sends SNI data-plane.knative.dev and one GET, trusts only <c>root</c> (none: any certificate is refused),
/// and reads the answer to the end. Bounded by 10 s.
/// </summary>
internal static class UpstreamTlsClient
{
    public const string ServerName = "data-plane.knative.dev";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    public static async Task<(SslProtocols Protocol, string Leaf, string Response)> GetAsync(
        int port, X509Certificate2? root, CancellationToken ct, SslProtocols protocols = SslProtocols.Tls13)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Budget);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
        await using var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = ServerName,
                EnabledSslProtocols = protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = root is null ? null : Trusting(root),
            },
            deadline.Token);
        var leaf = ssl.RemoteCertificate is X509Certificate2 c ? c.Thumbprint : string.Empty;
        await ssl.WriteAsync(Encoding.ASCII.GetBytes($"GET /probe HTTP/1.1\r\nHost: {ServerName}\r\n\r\n"), deadline.Token);
        using var response = new MemoryStream();
        await ssl.CopyToAsync(response, deadline.Token);
        return (ssl.SslProtocol, leaf, Encoding.UTF8.GetString(response.ToArray()));
    }

    private static X509ChainPolicy Trusting(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(root.RawData));
        return policy;
    }
}
