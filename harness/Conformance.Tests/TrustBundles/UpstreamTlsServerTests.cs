using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Conformance.Pki;
using Conformance.TrustBundles;

namespace Conformance.Tests.TrustBundles;

/// <summary>The harness's upstream for the TB scenarios: TLS 1.3 only, the chosen certificate, one answer per connection, everything recorded.</summary>
public sealed class UpstreamTlsServerTests
{
    [Fact]
    public async Task Serves_the_chosen_certificate_over_tls13_answers_once_and_records_sni()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ca = CertificateAuthority.CreateRoot("Upstream Test CA");
        using var leaf = ca.Issue(new LeafSpecBuilder().WithCommonName("data-plane.knative.dev").WithDnsNames("data-plane.knative.dev").Build());
        await using var upstream = UpstreamTlsServer.Start(0, "marker-x", TimeProvider.System);
        upstream.Serve(leaf, "first");

        var (text, protocol, served) = await ExchangeAsync(upstream.Port, SslProtocols.Tls13, ct);

        Assert.Equal(SslProtocols.Tls13, protocol);
        Assert.Equal(leaf.Certificate.Thumbprint, served);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Connection: close", text, StringComparison.Ordinal);
        Assert.EndsWith(upstream.BodyFor("first") + "\n", text, StringComparison.Ordinal);
        Assert.Equal(1, upstream.Presented);
        var seen = Assert.Single(upstream.Connections);
        Assert.Equal(("first", "data-plane.knative.dev", true), (seen.Certificate, seen.ServerName, seen.Completed));
    }

    [Fact]
    public async Task A_tls12_client_is_refused_and_the_failure_recorded()
    {
        var ct = TestContext.Current.CancellationToken;
        using var ca = CertificateAuthority.CreateRoot("Upstream Test CA");
        using var leaf = ca.Issue(new LeafSpecBuilder().WithCommonName("data-plane.knative.dev").WithDnsNames("data-plane.knative.dev").Build());
        await using var upstream = UpstreamTlsServer.Start(0, "marker-y", TimeProvider.System);
        upstream.Serve(leaf, "only");

        await Assert.ThrowsAnyAsync<Exception>(() => ExchangeAsync(upstream.Port, SslProtocols.Tls12, ct));

        await Support.Poll.UntilAsync(() => upstream.Connections.Count == 1, TimeSpan.FromSeconds(10), "the refused connection recorded", ct);
        Assert.False(upstream.Connections[0].Completed);
        Assert.NotNull(upstream.Connections[0].Failure);
    }

    private static async Task<(string Text, SslProtocols Protocol, string Served)> ExchangeAsync(int port, SslProtocols protocols, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, ct);
        await using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "data-plane.knative.dev",
                EnabledSslProtocols = protocols,
                // The test reads what was served; trust is not what it checks here.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
            ct);
        var served = ssl.RemoteCertificate!.GetCertHashString();
        await ssl.WriteAsync("GET / HTTP/1.1\r\nHost: data-plane.knative.dev\r\n\r\n"u8.ToArray(), ct);
        using var reader = new StreamReader(ssl, Encoding.UTF8);
        return (await reader.ReadToEndAsync(ct), ssl.SslProtocol, served);
    }
}
