using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Targets.Processes;

namespace Conformance.Tests.Targets;

/// <summary>Debian's nginx through the real path: profile → RunEnvironment (PKI, ports, rendered config) → ProcessTarget.</summary>
public sealed class NginxTargetTests
{
    private const string Nginx = "/usr/sbin/nginx";

    [Fact]
    public async Task Nginx_profile_renders_starts_and_serves_tls_and_the_redirect()
    {
        if (!File.Exists(Nginx))
        {
            Assert.Skip("nginx is not installed (apt-get install nginx-light)");
        }

        var ct = TestContext.Current.CancellationToken;
        var profile = ProfileLoader.Load(Path.Combine(RepoPaths.FixtureProfiles, "nginx.yaml"));
        await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);
        var https = env.Endpoints.Single(e => e.Name == "https");
        var http = env.Endpoints.Single(e => e.Name == "http");

        await env.Target.StartAsync(ct);

        // TLS, validated against the run's own CA (custom root trust, no system store).
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(https.Host, https.Port, ct);
            await using var tls = new SslStream(tcp.GetStream(), false, (_, cert, _, _) => ChainsTo(cert, https.TrustAnchors));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = https.ServerName }, ct);
            var body = await ExchangeAsync(tls, "GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", ct);
            Assert.StartsWith("HTTP/1.1 200", body, StringComparison.Ordinal);
            Assert.Contains("conformance-nginx-content path=/hello", body, StringComparison.Ordinal);
        }

        // Plaintext to the TLS port: nginx answers its own 400 page, a refusal with no application content.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(https.Host, https.Port, ct);
            var answer = await ExchangeAsync(tcp.GetStream(), "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", ct);
            Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
            Assert.Contains("The plain HTTP request was sent to HTTPS port", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("conformance-nginx-content", answer, StringComparison.Ordinal);
        }

        // The former HTTP port: 301 to the declared external URL, raw path and query kept.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(http.Host, http.Port, ct);
            var answer = await ExchangeAsync(tcp.GetStream(), "GET /x%2Fy?q=1&r HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", ct);
            Assert.StartsWith("HTTP/1.1 301", answer, StringComparison.Ordinal);
            Assert.Contains($"\r\nLocation: {https.ExternalUrlFor("/x%2Fy?q=1&r")}\r\n", answer, StringComparison.Ordinal);
        }

        var nginx = (ProcessTarget)env.Target;
        await nginx.StopAsync(ct);
        Assert.True(nginx.HasExited);
        Assert.Contains(nginx.Logs, l => l.Source == "stderr");
    }

    private static bool ChainsTo(X509Certificate? served, IReadOnlyList<X509Certificate2> anchors)
    {
        if (served is null)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(served.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors.ToArray());
        return chain.Build(leaf);
    }

    private static async Task<string> ExchangeAsync(Stream stream, string request, CancellationToken ct)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
    }
}
