using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>Certificate selection by SNI, the served chain, unknown-SNI policies and the TLS version floor.</summary>
public sealed class TlsTests(ReferencePki pki)
{
    [Fact]
    public async Task Default_certificate_is_sent_with_its_intermediate_and_validates()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki), [ports.Https], ct);

        await using var tls = await TlsConnection.ConnectAsync(ports.Https, "localhost", SslProtocols.Tls13, ct);

        Assert.Equal(pki.DefaultLeaf.Thumbprint, tls.Leaf.Thumbprint);
        Assert.Contains(tls.Served, c => c.Thumbprint == pki.Intermediate.Thumbprint);
        Assert.True(pki.ChainsToRoot(tls.Leaf));
    }

    [Theory]
    [InlineData(ReferencePki.SniExact, true)]
    [InlineData("APP.ns.svc.cluster.local.", true)]
    [InlineData("anyone." + ReferencePki.SniWildcardZone, true)]
    [InlineData("a.b." + ReferencePki.SniWildcardZone, false)]
    [InlineData(ReferencePki.DefaultDns1, false)]
    [InlineData("unknown.example", false)]
    [InlineData(null, false)]
    public async Task Sni_picks_the_matching_certificate_and_anything_else_gets_the_default(string? serverName, bool expectSni)
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki, [.. pki.SniArgs]), [ports.Https], ct);

        await using var tls = await TlsConnection.ConnectAsync(ports.Https, serverName, SslProtocols.Tls13, ct);

        var expected = expectSni ? pki.SniLeaf : pki.DefaultLeaf;
        Assert.Equal(expected.Thumbprint, tls.Leaf.Thumbprint);
    }

    [Fact]
    public async Task Unknown_sni_refused_gets_a_fatal_unrecognized_name_alert_and_known_names_still_work()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki, [.. pki.SniArgs, "--unknown-sni", "refuse"]), [ports.Https], ct);

        var refused = await WireOutcome.SendAsync(ports.Https, ClientHello.Build("unknown.example"), TimeSpan.FromSeconds(10), ct);
        await Assert.ThrowsAnyAsync<Exception>(() => TlsConnection.ConnectAsync(ports.Https, "unknown.example", SslProtocols.Tls13, ct));
        await using var sni = await TlsConnection.ConnectAsync(ports.Https, ReferencePki.SniExact, SslProtocols.Tls13, ct);
        await using var main = await TlsConnection.ConnectAsync(ports.Https, ReferencePki.DefaultDns2, SslProtocols.Tls13, ct);
        await using var none = await TlsConnection.ConnectAsync(ports.Https, null, SslProtocols.Tls13, ct);

        // Alert record: type 21, version 3.3, length 2, fatal (2), unrecognized_name (112); then the server closes.
        Assert.Equal(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x70 }, refused.Received);
        Assert.False(refused.TimedOut);
        Assert.Equal(pki.SniLeaf.Thumbprint, sni.Leaf.Thumbprint);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, main.Leaf.Thumbprint);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, none.Leaf.Thumbprint);
    }

    [Fact]
    public async Task Every_https_port_serves_the_same_certificates()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        var second = Conformance.Platform.PortAllocator.Allocate();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki, ["--https", $"{second}", .. pki.SniArgs]), [ports.Https, second], ct);

        await using var a = await TlsConnection.ConnectAsync(second, ReferencePki.SniExact, SslProtocols.Tls12, ct);
        await using var b = await TlsConnection.ConnectAsync(second, "localhost", SslProtocols.Tls12, ct);

        Assert.Equal(pki.SniLeaf.Thumbprint, a.Leaf.Thumbprint);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, b.Leaf.Thumbprint);
        Assert.Equal($"listening https={ports.Https},{second}\n", server.Stdout);
    }

    [Fact]
    public async Task Flux_mode_refuses_a_tls12_only_client_and_accepts_tls13()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.WithRedirect(pki, "--mode", "flux"), [ports.Https, ports.Http], ct);

        await Assert.ThrowsAsync<AuthenticationException>(() => TlsConnection.ConnectAsync(ports.Https, "localhost", SslProtocols.Tls12, ct));
        await using var tls13 = await TlsConnection.ConnectAsync(ports.Https, "localhost", SslProtocols.Tls12 | SslProtocols.Tls13, ct);
        var response = await tls13.SendAsync("GET", "/", ct);
        var redirect = await RawHttp.SendPlainAsync(ports.Http, "GET /gitrepository/flux-system/a.tar.gz HTTP/1.1\r\nHost: x\r\n\r\n", ct);

        Assert.Equal(SslProtocols.Tls13, tls13.Stream.SslProtocol);
        Assert.Contains("mode=flux", response.BodyText, StringComparison.Ordinal);
        Assert.Equal(301, redirect.Status);
        Assert.Equal(ports.RedirectBase + "/gitrepository/flux-system/a.tar.gz", redirect.Header("Location"));
    }

    [Fact]
    public async Task Tls_min_13_applies_in_reference_mode_too()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki, "--tls-min", "1.3"), [ports.Https], ct);

        await Assert.ThrowsAsync<AuthenticationException>(() => TlsConnection.ConnectAsync(ports.Https, "localhost", SslProtocols.Tls12, ct));
    }

    [Fact]
    public void Test_pki_default_leaf_has_the_names_the_mutant_tests_rely_on()
    {
        var san = pki.DefaultLeaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal([ReferencePki.DefaultDns0, ReferencePki.DefaultDns1, ReferencePki.DefaultDns2], san.EnumerateDnsNames());
        Assert.Equal("127.0.0.1", Assert.Single(san.EnumerateIPAddresses()).ToString());
    }
}
