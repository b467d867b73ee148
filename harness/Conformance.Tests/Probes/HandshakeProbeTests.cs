using System.Security.Authentication;
using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Tests.Support;

namespace Conformance.Tests.Probes;

public sealed class HandshakeProbeTests : IDisposable
{
    private static readonly HandshakeProbe Probe = new(new ProbeOptions(), TimeProvider.System);

    private readonly CertificateAuthority _root = CertificateAuthority.CreateRoot("handshake root");
    private readonly CertificateAuthority _mid;
    private readonly IssuedCertificate _leaf;

    public HandshakeProbeTests()
    {
        _mid = _root.CreateIntermediate("handshake intermediate");
        _leaf = _mid.Issue(new LeafSpecBuilder().WithDnsNames("localhost", "app.ns.svc.cluster.local").WithIpAddresses("127.0.0.1").Build());
    }

    public void Dispose()
    {
        _leaf.Dispose();
        _mid.Dispose();
        _root.Dispose();
    }

    private TlsTestServerOptions Server() => new(_leaf.Certificate) { Intermediates = _leaf.Intermediates };

    private static Task<HandshakeResult> ConnectAsync(int port, string? serverName, Func<HandshakeRequest, HandshakeRequest>? edit = null)
    {
        var request = new HandshakeRequest("ep", "127.0.0.1", port, serverName);
        return Probe.ConnectAsync(edit is null ? request : edit(request), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Accepted_handshake_records_version_cipher_alpn_and_served_chain_leaf_first()
    {
        await using var server = new TlsTestServer(Server() with { Alpn = ["h2", "http/1.1"] });

        using var result = await ConnectAsync(server.Port, "localhost", r => r with { Alpn = ["h2"] });

        var e = result.Evidence;
        Assert.Equal(HandshakeOutcome.Accepted, e.Outcome);
        Assert.Equal(SslProtocols.Tls13, e.Protocol);
        Assert.StartsWith("TLS_", e.Cipher, StringComparison.Ordinal);
        Assert.Equal("h2", e.Alpn);
        Assert.Equal(2, result.Chain.Count);
        Assert.Equal(_leaf.Certificate.RawData, result.Leaf!.RawData);
        Assert.Equal(_leaf.Intermediates[0].RawData, result.Chain[1].RawData);
        Assert.Equal(["localhost", "app.ns.svc.cluster.local"], e.Chain[0].DnsNames);
        Assert.False(result.Leaf.HasPrivateKey);
        // The server's side of the handshake can end after the client's (a CI run read the list while still empty).
        await server.WaitForAcceptedHandshakesAsync(1, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(["h2"], server.NegotiatedAlpn);
    }

    [Fact]
    public async Task Sni_is_sent_as_given_and_absent_when_server_name_is_null()
    {
        await using var server = new TlsTestServer(Server());

        using var named = await ConnectAsync(server.Port, "app.ns.svc.cluster.local");
        using var none = await ConnectAsync(server.Port, null);

        Assert.Equal(HandshakeOutcome.Accepted, named.Evidence.Outcome);
        Assert.Equal(HandshakeOutcome.Accepted, none.Evidence.Outcome);
        Assert.Equal(["app.ns.svc.cluster.local", null], server.WireSni);
    }

    [Fact]
    public async Task Trailing_dot_server_name_reaches_the_wire()
    {
        await using var server = new TlsTestServer(Server());

        using var result = await ConnectAsync(server.Port, "app.ns.svc.cluster.local.");

        Assert.Equal(HandshakeOutcome.Accepted, result.Evidence.Outcome);
        // The server records what it saw after its side of the handshake ends, which can be after the client's.
        await server.WaitForAcceptedHandshakesAsync(1, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"SNI on the wire for 'app.ns.svc.cluster.local.': '{server.WireSni[0]}'; server SslStream saw '{server.ServerSeenSni[0]}'");
        Assert.Equal("app.ns.svc.cluster.local.", result.Evidence.ServerName);
        // Measured on .NET 10 / OpenSSL 3.0: SslStream sends the trailing dot unchanged, and its server side reports it unchanged.
        Assert.Equal("app.ns.svc.cluster.local.", server.WireSni[0]);
    }

    [Fact]
    public async Task Missing_client_certificate_under_tls13_is_refused_only_after_the_handshake()
    {
        await using var server = new TlsTestServer(Server() with { ClientCa = _root.Certificate, Protocols = SslProtocols.Tls13 });

        using var handshakeOnly = await ConnectAsync(server.Port, "localhost");
        using var withRequest = await ConnectAsync(server.Port, "localhost", r => r with { RequestPathAfterHandshake = "/" });

        // The TLS 1.3 pitfall: judged on the handshake alone, the refusal is invisible.
        Assert.Equal(HandshakeOutcome.Accepted, handshakeOnly.Evidence.Outcome);
        // Measured: a .NET SslStream server whose validation callback rejects sends no alert here; the client reads EOF.
        Assert.Equal(HandshakeOutcome.RefusedAfterHandshake, withRequest.Evidence.Outcome);
        Assert.Null(withRequest.HttpStatus);
    }

    [Fact]
    public async Task Trusted_client_certificate_is_served()
    {
        await using var server = new TlsTestServer(Server() with { ClientCa = _root.Certificate, Protocols = SslProtocols.Tls13 });
        using var client = _root.Issue(new LeafSpecBuilder().WithCommonName("client").WithDnsNames("client").WithEku(EkuSpec.ClientAuth).Build());

        using var result = await ConnectAsync(server.Port, "localhost", r => r with { ClientCertificate = client.Certificate, RequestPathAfterHandshake = "/" });

        Assert.Equal(HandshakeOutcome.Accepted, result.Evidence.Outcome);
        Assert.Equal(200, result.HttpStatus);
    }

    [Fact]
    public async Task Client_certificate_from_an_untrusted_ca_is_offered_and_refused()
    {
        await using var server = new TlsTestServer(Server() with { ClientCa = _root.Certificate, Protocols = SslProtocols.Tls13 });
        using var stranger = CertificateAuthority.CreateRoot("stranger");
        using var client = stranger.Issue(new LeafSpecBuilder().WithCommonName("client").WithDnsNames("client").WithEku(EkuSpec.ClientAuth).Build());

        using var result = await ConnectAsync(server.Port, "localhost", r => r with { ClientCertificate = client.Certificate, RequestPathAfterHandshake = "/" });

        Assert.Equal(HandshakeOutcome.RefusedAfterHandshake, result.Evidence.Outcome);
    }

    [Fact]
    public async Task Http_4xx_after_the_handshake_is_refused_by_application()
    {
        await using var server = new TlsTestServer(Server() with { StatusLine = "HTTP/1.1 400 Bad Request" });

        using var result = await ConnectAsync(server.Port, "localhost", r => r with { RequestPathAfterHandshake = "/" });

        Assert.Equal(HandshakeOutcome.RefusedByApplication, result.Evidence.Outcome);
        Assert.Equal(400, result.HttpStatus);
    }

    [Fact]
    public async Task Version_below_the_server_minimum_is_refused_in_the_handshake_with_an_alert()
    {
        await using var server = new TlsTestServer(Server() with { Protocols = SslProtocols.Tls13 });

        using var result = await ConnectAsync(server.Port, "localhost", r => r with { Protocols = SslProtocols.Tls12 });

        TestContext.Current.TestOutputHelper?.WriteLine($"TLS 1.2 to a 1.3-only SslStream server: alert {result.Evidence.Alert}; {result.Evidence.Detail}");
        Assert.Equal(HandshakeOutcome.RefusedInHandshake, result.Evidence.Outcome);
        Assert.Equal((byte)70, result.Evidence.Alert?.Code);
    }

    [Fact]
    public async Task Plaintext_http_answer_on_the_port_is_a_non_tls_answer()
    {
        await using var server = new RawTcpServer(async (socket, ct) =>
        {
            await socket.SendAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), System.Net.Sockets.SocketFlags.None, ct);
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        });

        using var result = await ConnectAsync(server.Port, "localhost");

        Assert.True(result.Evidence.Outcome == HandshakeOutcome.NonTlsAnswer, result.Evidence.Detail);
    }

    [Fact]
    public async Task Reset_during_the_handshake_is_reset()
    {
        await using var server = new RawTcpServer((socket, _) =>
        {
            socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            socket.Close();
            return Task.CompletedTask;
        });

        using var result = await ConnectAsync(server.Port, "localhost");

        Assert.Contains(result.Evidence.Outcome, new[] { HandshakeOutcome.Reset, HandshakeOutcome.ClosedCleanly });
        TestContext.Current.TestOutputHelper?.WriteLine($"RST at accept: {result.Evidence.Outcome}; {result.Evidence.Detail}");
    }

    [Fact]
    public async Task Clean_close_during_the_handshake_is_closed_cleanly()
    {
        await using var server = new RawTcpServer(async (socket, ct) =>
        {
            // Read the ClientHello first so closing sends FIN, not RST.
            var buffer = new byte[16 * 1024];
            await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, ct);
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        });

        using var result = await ConnectAsync(server.Port, "localhost");

        Assert.Equal(HandshakeOutcome.ClosedCleanly, result.Evidence.Outcome);
    }

    [Fact]
    public async Task Nothing_listening_is_connection_refused()
    {
        using var result = await ConnectAsync(ClosedPort.Get(), "localhost");

        Assert.Equal(HandshakeOutcome.ConnectionRefused, result.Evidence.Outcome);
        Assert.Empty(result.Chain);
    }

    [Fact]
    public async Task Silent_server_times_out()
    {
        await using var server = new RawTcpServer(RawBehaviours.Silent());
        var probe = new HandshakeProbe(new ProbeOptions { ConnectTimeout = TimeSpan.FromMilliseconds(200), ReadTimeout = TimeSpan.FromMilliseconds(200) }, TimeProvider.System);

        using var result = await probe.ConnectAsync(new HandshakeRequest("ep", "127.0.0.1", server.Port, "localhost"), TestContext.Current.CancellationToken);

        Assert.Equal(HandshakeOutcome.TimedOut, result.Evidence.Outcome);
    }
}
