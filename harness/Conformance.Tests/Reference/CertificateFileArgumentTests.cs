using Conformance.Pki;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>
/// The --cert/--key path refuses malformed PEM and mismatches with one line, like --tls-secret; the new options
/// (client auth, per-port override, direktiv mode) refuse bad values the same way.
/// </summary>
public sealed class CertificateFileArgumentTests(ReferencePki pki, ClientPki clients)
{
    [Theory]
    [InlineData("garbage-cert", "is not valid PEM: no CERTIFICATE block found")]
    [InlineData("garbage-key", "is not valid PEM: no private key block found")]
    [InlineData("certificate-as-key", "PEM block 'CERTIFICATE' is not a private key")]
    [InlineData("corrupt-key", "malformed or unsupported private key")]
    [InlineData("mismatch", "does not match the certificate")]
    [InlineData("bad-port-auth", "client auth must be none, optional or required")]
    [InlineData("bad-client-auth", "client auth must be none, optional or required")]
    [InlineData("client-ca-not-pem", "--client-ca")]
    [InlineData("tls12-mutant-without-tls13-floor", "only when TLS 1.3 is the minimum")]
    public async Task Bad_certificate_files_and_client_auth_options_are_refused_with_one_line(string variant, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-args-");
        File.WriteAllText(workspace.File("garbage"), "this is not PEM at all\n");
        File.WriteAllText(workspace.File("corrupt.key"), "-----BEGIN\u0020PRIVATE KEY-----\nAAAA\n-----END\u0020PRIVATE KEY-----\n");
        var port = $"{new ReferenceServerArgs().Https}";
        string[] args = variant switch
        {
            "garbage-cert" => ["--https", port, "--cert", workspace.File("garbage"), "--key", pki.Key],
            "garbage-key" => ["--https", port, "--cert", pki.Cert, "--key", workspace.File("garbage")],
            "certificate-as-key" => ["--https", port, "--cert", pki.Cert, "--key", pki.Cert],
            "corrupt-key" => ["--https", port, "--cert", pki.Cert, "--key", workspace.File("corrupt.key")],
            "mismatch" => ["--https", port, "--cert", pki.SniCert, "--key", pki.Key],
            "bad-port-auth" => ["--https", port + ":sometimes", .. pki.CertArgs, "--client-ca", clients.ClientCa],
            "bad-client-auth" => ["--https", port, .. pki.CertArgs, "--client-ca", clients.ClientCa, "--client-auth", "maybe"],
            "client-ca-not-pem" => ["--https", port, .. pki.CertArgs, "--client-ca", workspace.File("garbage"), "--client-auth", "required"],
            "tls12-mutant-without-tls13-floor" => ["--https", port, .. pki.CertArgs, "--mutant", "AcceptsTls12"],
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };

        var (exit, stdout, stderr) = await ReferenceProcess.RunToExitAsync(args, ct);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Direktiv_mode_serves_tls12_and_tls13_without_client_auth_by_default()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(["--mode", "direktiv", .. ports.HttpsOnly(pki)], [ports.Https], ct);

        var tls12 = await MutualTls.ExchangeAsync(ports.Https, null, ct, System.Security.Authentication.SslProtocols.Tls12);
        var tls13 = await MutualTls.ExchangeAsync(ports.Https, null, ct, System.Security.Authentication.SslProtocols.Tls13);

        Assert.Equal(MtlsOutcome.Served, tls12.Outcome);
        Assert.Equal(MtlsOutcome.Served, tls13.Outcome);
    }
}
