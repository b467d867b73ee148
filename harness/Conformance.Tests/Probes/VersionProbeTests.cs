using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Authentication;
using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Tests.Support;

namespace Conformance.Tests.Probes;

public sealed class VersionProbeTests : IDisposable
{
    private static readonly VersionProbe Probe = new(new ProbeOptions(), TimeProvider.System);

    private readonly CertificateAuthority _root = CertificateAuthority.CreateRoot("version root");
    private readonly IssuedCertificate _leaf;

    public VersionProbeTests() =>
        _leaf = _root.Issue(new LeafSpecBuilder().WithDnsNames("localhost").WithIpAddresses("127.0.0.1").Build());

    public void Dispose()
    {
        _leaf.Dispose();
        _root.Dispose();
    }

    private static Task<VersionEvidence> OfferAsync(int port, TlsVersion version, IReadOnlyList<string>? alpn = null, string? serverName = "localhost") =>
        Probe.OfferAsync("ep", "127.0.0.1", port, serverName, version, alpn ?? [], TestContext.Current.CancellationToken);

    private static void Log(VersionEvidence e) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"offered {e.Offered}: {e.Outcome} selected={e.Selected} cipher={e.CipherSuite} alpn={e.Alpn} alert={e.Alert} ({e.Detail})");

    [Fact]
    public async Task Tls12_only_server_accepts_12_with_alpn_and_refuses_13_with_protocol_version()
    {
        await using var server = new TlsTestServer(new TlsTestServerOptions(_leaf.Certificate) { Protocols = SslProtocols.Tls12, Alpn = ["h2", "http/1.1"] });

        var twelve = await OfferAsync(server.Port, TlsVersion.Tls12, ["h2", "http/1.1"]);
        var thirteen = await OfferAsync(server.Port, TlsVersion.Tls13);
        Log(twelve);
        Log(thirteen);

        Assert.Equal(VersionOutcome.Accepted, twelve.Outcome);
        Assert.Equal("TLS 1.2", twelve.Selected);
        Assert.StartsWith("TLS_ECDHE_ECDSA_WITH_", twelve.CipherSuite, StringComparison.Ordinal);
        Assert.Equal("h2", twelve.Alpn);
        Assert.Equal(VersionOutcome.Alert, thirteen.Outcome);
        Assert.Equal(70, thirteen.Alert!.Code);
        Assert.Equal("protocol_version", thirteen.Alert.Name);
    }

    [Fact]
    public async Task Tls13_only_server_accepts_13_and_refuses_12_with_protocol_version()
    {
        await using var server = new TlsTestServer(new TlsTestServerOptions(_leaf.Certificate) { Protocols = SslProtocols.Tls13, Alpn = ["h2"] });

        var thirteen = await OfferAsync(server.Port, TlsVersion.Tls13, ["h2"]);
        var twelve = await OfferAsync(server.Port, TlsVersion.Tls12);
        Log(thirteen);
        Log(twelve);

        Assert.Equal(VersionOutcome.Accepted, thirteen.Outcome);
        Assert.Equal("TLS 1.3", thirteen.Selected);
        Assert.StartsWith("TLS_", thirteen.CipherSuite, StringComparison.Ordinal);
        Assert.Null(thirteen.Alpn); // encrypted under TLS 1.3
        Assert.Equal(VersionOutcome.Alert, twelve.Outcome);
        Assert.Equal(70, twelve.Alert!.Code);
    }

    [Fact]
    public async Task Default_server_refuses_tls10_and_tls11_with_an_alert()
    {
        await using var server = new TlsTestServer(new TlsTestServerOptions(_leaf.Certificate));

        var ten = await OfferAsync(server.Port, TlsVersion.Tls10);
        var eleven = await OfferAsync(server.Port, TlsVersion.Tls11);
        Log(ten);
        Log(eleven);

        // Measured: OpenSSL 3 under Debian's default policy (SECLEVEL=2) answers with handshake_failure (40), not
        // protocol_version — no TLS 1.0/1.1 suite is usable at that level, so the cipher check fails first.
        Assert.Equal(VersionOutcome.Alert, ten.Outcome);
        Assert.Equal(40, ten.Alert!.Code);
        Assert.Equal(VersionOutcome.Alert, eleven.Outcome);
        Assert.Equal(40, eleven.Alert!.Code);

        var twelve = await OfferAsync(server.Port, TlsVersion.Tls12);
        Assert.Equal(VersionOutcome.Accepted, twelve.Outcome);
    }

    [Fact]
    public async Task Openssl_s_server_with_legacy_policy_accepts_tls10()
    {
        var openssl = new[] { "/usr/bin/openssl", "/usr/local/bin/openssl" }.FirstOrDefault(File.Exists);
        Assert.SkipWhen(openssl is null, "openssl is not installed: cannot start a TLS 1.0 server");

        using var workspace = RunWorkspace.Create();
        var conf = workspace.File("openssl.cnf");
        await File.WriteAllTextAsync(
            conf,
            "openssl_conf = conf\n[conf]\nssl_conf = ssl\n[ssl]\nsystem_default = legacy\n[legacy]\nMinProtocol = TLSv1\nCipherString = DEFAULT@SECLEVEL=0\n",
            TestContext.Current.CancellationToken);
        PemWriter.WriteCertificates(workspace.File("tls.crt"), [_leaf.Certificate]);
        PemWriter.WritePrivateKey(workspace.File("tls.key"), _leaf.Certificate);
        var port = ClosedPort.Get();
        var info = new ProcessStartInfo(openssl!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "s_server", "-accept", $"127.0.0.1:{port}", "-cert", workspace.File("tls.crt"), "-key", workspace.File("tls.key"), "-tls1", "-quiet" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["OPENSSL_CONF"] = conf;
        using var process = Process.Start(info)!;
        try
        {
            _ = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await Eventually.TrueAsync(() => CanConnect(port) || process.HasExited, TimeSpan.FromSeconds(10), "openssl s_server listening");
            Assert.False(process.HasExited, "openssl s_server exited");

            var e = await OfferAsync(port, TlsVersion.Tls10);
            Log(e);
            Assert.Equal(VersionOutcome.Accepted, e.Outcome);
            Assert.Equal("TLS 1.0", e.Selected);
            Assert.Contains("_CBC_SHA", e.CipherSuite, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Nothing_listening_fin_reset_and_plaintext_are_told_apart()
    {
        var refused = await OfferAsync(ClosedPort.Get(), TlsVersion.Tls12);
        Assert.Equal(VersionOutcome.ConnectionRefused, refused.Outcome);

        await using (var fin = new RawTcpServer(AfterHello(s => s.Shutdown(SocketShutdown.Send))))
        {
            Assert.Equal(VersionOutcome.ClosedCleanly, (await OfferAsync(fin.Port, TlsVersion.Tls12)).Outcome);
        }

        await using (var reset = new RawTcpServer(AfterHello(s => { s.LingerState = new LingerOption(true, 0); s.Close(); })))
        {
            Assert.Equal(VersionOutcome.Reset, (await OfferAsync(reset.Port, TlsVersion.Tls12)).Outcome);
        }

        await using (var http = new RawTcpServer(AfterHello(s => s.Send("HTTP/1.1 400 Bad Request\r\n\r\n"u8))))
        {
            var e = await OfferAsync(http.Port, TlsVersion.Tls13);
            Assert.Equal(VersionOutcome.NonTlsAnswer, e.Outcome);
            Assert.StartsWith(Convert.ToHexString("HTTP/1.1"u8), e.FirstBytesHex, StringComparison.Ordinal);
        }

        await using (var alert = new RawTcpServer(AfterHello(s => s.Send(RawBehaviours.AlertRecord(112)))))
        {
            var e = await OfferAsync(alert.Port, TlsVersion.Tls13);
            Assert.Equal(VersionOutcome.Alert, e.Outcome);
            Assert.Equal("unrecognized_name", e.Alert!.Name);
        }
    }

    [Fact]
    public void Hello_retry_request_counts_as_tls13_accepted()
    {
        // ServerHello with the HelloRetryRequest random, TLS_AES_128_GCM_SHA256, supported_versions = 0x0304.
        var body = new List<byte> { 0x03, 0x03 };
        body.AddRange(Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C"));
        body.AddRange([0, 0x13, 0x01, 0, 0, 6, 0x00, 0x2B, 0, 2, 0x03, 0x04]);
        byte[] record = [0x16, 0x03, 0x03, 0, (byte)(body.Count + 4), 2, 0, 0, (byte)body.Count, .. body];

        var outcome = VersionProbe.Judge(record, TlsVersion.Tls13, out var hello, out _, out var detail);

        Assert.Equal(VersionOutcome.Accepted, outcome);
        Assert.True(hello!.HelloRetryRequest);
        Assert.Contains("HelloRetryRequest", detail, StringComparison.Ordinal);
        Assert.Equal(VersionOutcome.OtherVersion, VersionProbe.Judge(record, TlsVersion.Tls12, out _, out _, out _));
    }

    [Fact]
    public async Task Median_of_200_version_probes_and_200_handshake_probes_on_loopback()
    {
        await using var server = new TlsTestServer(new TlsTestServerOptions(_leaf.Certificate));
        var handshake = new HandshakeProbe(new ProbeOptions(), TimeProvider.System);
        var ct = TestContext.Current.CancellationToken;
        var version = new List<double>();
        var full = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var e = await OfferAsync(server.Port, TlsVersion.Tls13);
            Assert.Equal(VersionOutcome.Accepted, e.Outcome);
            version.Add(e.ElapsedMs);
        }

        for (var i = 0; i < 200; i++)
        {
            using var r = await handshake.ConnectAsync(new HandshakeRequest("ep", "127.0.0.1", server.Port, "localhost"), ct);
            Assert.Equal(HandshakeOutcome.Accepted, r.Evidence.Outcome);
            full.Add(r.Evidence.ElapsedMs);
        }

        var line = $"median of 200 on loopback: version probe {Median(version):0.00} ms, HandshakeProbe.ConnectAsync {Median(full):0.00} ms";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }

    // Reads the ClientHello (one receive), then does what the test asks and waits for the client to close.
    private static Func<Socket, CancellationToken, Task> AfterHello(Action<Socket> act) => async (socket, ct) =>
    {
        var buffer = new byte[4096];
        await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
        act(socket);
        try
        {
            while (socket.Connected && await socket.ReceiveAsync(buffer, SocketFlags.None, ct) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The probe closed first, or the socket was reset on purpose.
        }
    };

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    private static bool CanConnect(int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
