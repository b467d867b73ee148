using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Conformance.Evidence;
using Conformance.Fixtures;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Conformance.Tests.Probes;

/// <summary>GrpcProbe against a minimal in-test Kestrel gRPC health server (HTTP/2 over TLS).</summary>
public sealed class GrpcProbeTests : IDisposable
{
    private static readonly GrpcProbe Probe = new(new ProbeOptions(), TimeProvider.System);

    private readonly CertificateAuthority _root = CertificateAuthority.CreateRoot("grpc root");
    private readonly IssuedCertificate _server;
    private readonly IssuedCertificate _client;

    public GrpcProbeTests()
    {
        _server = _root.Issue(new LeafSpecBuilder().WithDnsNames("grpc.test").WithIpAddresses("127.0.0.1").Build());
        _client = _root.Issue(new LeafSpecBuilder().WithCommonName("conformance-client").WithEku(Conformance.Pki.EkuSpec.ClientAuth).Build());
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _root.Dispose();
    }

    private async Task<(WebApplication App, int Port)> StartAsync(bool requireClientCertificate, SslProtocols protocols)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [NoConfigWatch.Argument] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = _server.Certificate;
                https.SslProtocols = protocols;
                https.ClientCertificateMode = requireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate;
                https.ClientCertificateValidation = (certificate, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(_root.Certificate);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(certificate);
                };
            });
        }));
        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy());
        var app = builder.Build();
        app.MapGrpcHealthChecksService();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address).Port);
    }

    private static void Log(GrpcEvidence e) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"{e.Outcome} grpc={e.GrpcStatus} health={e.HealthStatus} alert={e.Alert} in {e.ElapsedMs:0.0} ms: {e.Detail}");

    [Fact]
    public async Task Valid_call_returns_serving_with_sni_as_server_name()
    {
        var (app, port) = await StartAsync(requireClientCertificate: false, SslProtocols.Tls13);
        await using (app)
        {
            var e = await Probe.CheckHealthAsync("grpc", "127.0.0.1", port, "grpc.test", null, TestContext.Current.CancellationToken);
            Log(e);
            Assert.Equal(HandshakeOutcome.Accepted, e.Outcome);
            Assert.Equal("OK", e.GrpcStatus);
            Assert.Equal("Serving", e.HealthStatus);
            Assert.Equal(GrpcProbe.Method, e.Method);
        }
    }

    [Fact]
    public async Task Client_certificate_required_tls13_without_one_is_refused_after_the_handshake_and_valid_one_is_served()
    {
        var (app, port) = await StartAsync(requireClientCertificate: true, SslProtocols.Tls13);
        await using (app)
        {
            var without = await Probe.CheckHealthAsync("grpc", "127.0.0.1", port, "grpc.test", null, TestContext.Current.CancellationToken);
            Log(without);
            Assert.Equal(HandshakeOutcome.RefusedAfterHandshake, without.Outcome);
            Assert.NotEqual("OK", without.GrpcStatus);
            Assert.Null(without.HealthStatus);

            var with = await Probe.CheckHealthAsync("grpc", "127.0.0.1", port, "grpc.test", _client.Certificate, TestContext.Current.CancellationToken);
            Log(with);
            Assert.Equal(HandshakeOutcome.Accepted, with.Outcome);
            Assert.Equal("Serving", with.HealthStatus);
            Assert.Contains("conformance-client", with.ClientCertificate, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Client_certificate_required_tls12_without_one_is_refused()
    {
        var (app, port) = await StartAsync(requireClientCertificate: true, SslProtocols.Tls12);
        await using (app)
        {
            var e = await Probe.CheckHealthAsync("grpc", "127.0.0.1", port, "grpc.test", null, TestContext.Current.CancellationToken);
            Log(e);

            // Measured: Kestrel (SslStream on OpenSSL 3) lets the TLS 1.2 handshake finish and then closes the
            // connection before the HTTP/2 preface, so the client sees the refusal after the handshake, with no alert.
            Assert.Equal(HandshakeOutcome.RefusedAfterHandshake, e.Outcome);
            Assert.Null(e.HealthStatus);
        }
    }

    [Fact]
    public async Task Nothing_listening_is_connection_refused()
    {
        var e = await Probe.CheckHealthAsync("grpc", "127.0.0.1", ClosedPort.Get(), "grpc.test", null, TestContext.Current.CancellationToken);
        Log(e);
        Assert.Equal(HandshakeOutcome.ConnectionRefused, e.Outcome);
        Assert.Equal("Unavailable", e.GrpcStatus);
    }
}
