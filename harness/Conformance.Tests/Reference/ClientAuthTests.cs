using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Conformance.Platform;
using Conformance.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Conformance.Tests.Reference;

/// <summary>
/// Client-certificate enforcement (MT-01..05) and gRPC health over HTTP/2 on the reference, observed as a client
/// does: every probe writes a request and reads before judging, because TLS 1.3 refuses only after the handshake.
/// </summary>
public sealed class ClientAuthTests(ReferencePki pki, ClientPki clients)
{
    [Theory]
    [InlineData("none")]
    [InlineData("untrusted")]
    [InlineData("expired")]
    [InlineData("serverauth")]
    public async Task Required_client_auth_refuses_a_missing_or_bad_certificate_after_the_tls13_handshake(string which)
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(
            ports.HttpsOnly(pki, "--client-ca", clients.ClientCa, "--client-auth", "required"), [ports.Https], ct);

        var result = await MutualTls.ExchangeAsync(ports.Https, clients.ByName(which), ct);
        TestContext.Current.SendDiagnosticMessage($"{which}: {result.Outcome} {result.Protocol} {result.AfterHandshake.TotalMilliseconds:F1} ms after the handshake: {result.Error}");

        Assert.Equal(MtlsOutcome.RefusedAfterHandshake, result.Outcome);
        Assert.Equal(SslProtocols.Tls13, result.Protocol);
        await Poll.UntilAsync(() => server.Stderr.Contains("client certificate refused", StringComparison.Ordinal), TimeSpan.FromSeconds(5), "refusal logged", ct);
    }

    [Theory]
    [InlineData("none", SslProtocols.Tls12)]
    [InlineData("untrusted", SslProtocols.Tls12)]
    public async Task Required_client_auth_refuses_under_tls12_too(string which, SslProtocols protocol)
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(
            ports.HttpsOnly(pki, "--client-ca", clients.ClientCa, "--client-auth", "required"), [ports.Https], ct);

        var result = await MutualTls.ExchangeAsync(ports.Https, clients.ByName(which), ct, protocol);

        Assert.NotEqual(MtlsOutcome.Served, result.Outcome);
    }

    [Fact]
    public async Task Required_client_auth_serves_a_valid_certificate()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(
            ports.HttpsOnly(pki, "--client-ca", clients.ClientCa, "--client-auth", "required"), [ports.Https], ct);

        var valid = await MutualTls.ExchangeAsync(ports.Https, clients.Valid, ct);
        var both = await MutualTls.ExchangeAsync(ports.Https, clients.ServerAndClient, ct);

        Assert.Equal(MtlsOutcome.Served, valid.Outcome);
        Assert.Equal("HTTP/1.1 200 OK", valid.StatusLine);
        Assert.Equal(MtlsOutcome.Served, both.Outcome);
    }

    [Fact]
    public async Task Per_port_override_sets_client_auth_for_that_port_only()
    {
        var ct = TestContext.Current.CancellationToken;
        int required = PortAllocator.Allocate(), open = PortAllocator.Allocate(), optional = PortAllocator.Allocate();
        using var server = await ReferenceProcess.StartAsync(
            ["--https", $"{required}", "--https", $"{open}:none", "--https", $"{optional}:optional", .. pki.CertArgs,
             "--client-ca", clients.ClientCa, "--client-auth", "required"],
            [required, open, optional],
            ct);

        Assert.Equal(MtlsOutcome.RefusedAfterHandshake, (await MutualTls.ExchangeAsync(required, null, ct)).Outcome);
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(open, null, ct)).Outcome);
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(open, clients.UntrustedCa, ct)).Outcome);
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(optional, null, ct)).Outcome);
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(optional, clients.Valid, ct)).Outcome);
        Assert.Equal(MtlsOutcome.RefusedAfterHandshake, (await MutualTls.ExchangeAsync(optional, clients.Expired, ct)).Outcome);
    }

    [Fact]
    public async Task Client_auth_without_a_client_ca_is_refused_at_start()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();

        var (exit, _, stderr) = await ReferenceProcess.RunToExitAsync(ports.HttpsOnly(pki, "--client-auth", "required"), ct);

        Assert.Equal(2, exit);
        Assert.Contains("needs --client-ca", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Direktiv_mode_answers_grpc_health_with_a_valid_client_certificate_and_refuses_without()
    {
        var ct = TestContext.Current.CancellationToken;
        int api = PortAllocator.Allocate(), functions = PortAllocator.Allocate(), pods = PortAllocator.Allocate();
        using var server = await ReferenceProcess.StartAsync(
            ["--mode", "direktiv", "--https", $"{api}:required", "--https", $"{functions}:required", "--https", $"{pods}:none",
             .. pki.CertArgs, "--client-ca", clients.ClientCa],
            [api, functions, pods],
            ct);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await CheckAsync(api, clients.ServerAndClient, ct));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await CheckAsync(functions, clients.Valid, ct));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await CheckAsync(pods, null, ct));
        foreach (var bad in new[] { null, clients.UntrustedCa, clients.Expired, clients.ServerAuthOnly })
        {
            await Assert.ThrowsAsync<RpcException>(() => CheckAsync(api, bad, ct));
        }

        // HTTP/1.1 content is still served on the gRPC ports.
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(api, clients.Valid, ct)).Outcome);
    }

    private async Task<HealthCheckResponse.Types.ServingStatus> CheckAsync(int port, X509Certificate2? cert, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = cert is null ? null : new X509CertificateCollection { cert },
                RemoteCertificateValidationCallback = (_, c, _, _) => c is X509Certificate2 served && pki.ChainsToRoot(served),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
        };
        using var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler });
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(15), cancellationToken: ct);
        return reply.Status;
    }
}
