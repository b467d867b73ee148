using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Tests.Support;

namespace Conformance.Tests.Probes;

/// <summary>
/// The probe records whether the server sent a CertificateRequest (SslStream's selection callback is asked again during
/// the handshake only then), measured against OpenSSL's own s_server under TLS 1.2 and 1.3.
/// </summary>
public sealed class CertificateRequestTests : IDisposable
{
    private static readonly HandshakeProbe Probe = new(new ProbeOptions(), TimeProvider.System);

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-certreq-");
    private readonly CertificateAuthority _serverCa = CertificateAuthority.CreateRoot("server CA");
    private readonly CertificateAuthority _clientCa = CertificateAuthority.CreateRoot("client CA");
    private readonly CertificateAuthority _stranger = CertificateAuthority.CreateRoot("stranger CA");
    private readonly IssuedCertificate _server;
    private readonly IssuedCertificate _client;
    private readonly IssuedCertificate _untrusted;

    public CertificateRequestTests()
    {
        _server = _serverCa.Issue(new LeafSpecBuilder().WithDnsNames("localhost").WithIpAddresses("127.0.0.1").Build());
        LeafSpec Client() => new LeafSpecBuilder().WithCommonName("client").WithDnsNames("client").WithEku(EkuSpec.ClientAuth).Build();
        _client = _clientCa.Issue(Client());
        _untrusted = _stranger.Issue(Client());
        PemWriter.WriteCertificates(_dir.File("server.crt"), [_server.Certificate]);
        PemWriter.WritePrivateKey(_dir.File("server.key"), _server.Certificate);
        PemWriter.WriteCertificates(_dir.File("client-ca.crt"), [_clientCa.Certificate]);
    }

    public static TheoryData<string> Versions => ["-tls1_2", "-tls1_3"];

    public void Dispose()
    {
        _server.Dispose();
        _client.Dispose();
        _untrusted.Dispose();
        _serverCa.Dispose();
        _clientCa.Dispose();
        _stranger.Dispose();
        _dir.Dispose();
    }

    private Task<OpenSslServer> ServerAsync(string version, params string[] verify)
    {
        Assert.SkipUnless(OpenSslServer.Available, "openssl is not installed");
        return OpenSslServer.StartAsync(
            ["-cert", _dir.File("server.crt"), "-key", _dir.File("server.key"), "-CAfile", _dir.File("client-ca.crt"), version, .. verify],
            TestContext.Current.CancellationToken);
    }

    private static Task<HandshakeResult> ConnectAsync(int port, IssuedCertificate? client) =>
        Probe.ConnectAsync(
            new HandshakeRequest("ep", "127.0.0.1", port, "localhost") { ClientCertificate = client?.Certificate, RequestPathAfterHandshake = "/" },
            TestContext.Current.CancellationToken);

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Server_that_requires_a_certificate_is_seen_asking_and_refusing_when_none_is_sent(string version)
    {
        await using var server = await ServerAsync(version, "-Verify", "1");

        using var result = await ConnectAsync(server.Port, null);

        Assert.True(result.Evidence.CertificateRequested);
        Assert.NotEqual(HandshakeOutcome.Accepted, result.Evidence.Outcome);
        if (version == "-tls1_3")
        {
            // RFC 8446 §4.4.2.4: OpenSSL names the cause.
            Assert.Equal((byte?)116, result.Evidence.Alert?.Code);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Certificate_returned_on_the_request_is_sent_and_served(string version)
    {
        await using var server = await ServerAsync(version, "-Verify", "1", "-verify_return_error");

        using var result = await ConnectAsync(server.Port, _client);

        Assert.True(result.Evidence.CertificateRequested);
        Assert.Equal(HandshakeOutcome.Accepted, result.Evidence.Outcome);
        Assert.Equal(200, result.HttpStatus);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Certificate_from_a_ca_the_server_does_not_list_is_still_offered_and_refused_as_unknown_ca(string version)
    {
        await using var server = await ServerAsync(version, "-Verify", "1", "-verify_return_error");

        using var result = await ConnectAsync(server.Port, _untrusted);

        Assert.True(result.Evidence.CertificateRequested);
        Assert.Equal((byte?)48, result.Evidence.Alert?.Code);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Server_that_asks_for_nothing_is_recorded_as_not_asking(string version)
    {
        await using var server = await ServerAsync(version);

        using var none = await ConnectAsync(server.Port, null);
        using var offered = await ConnectAsync(server.Port, _client);

        Assert.Equal(HandshakeOutcome.Accepted, none.Evidence.Outcome);
        Assert.False(none.Evidence.CertificateRequested);
        Assert.Equal(HandshakeOutcome.Accepted, offered.Evidence.Outcome);
        Assert.False(offered.Evidence.CertificateRequested);
    }
}
