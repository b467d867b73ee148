using System.Diagnostics;
using System.Security.Authentication;
using Conformance.Pki;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>
/// The TLS-version floors (TV-01, TV-02) on the reference and the mutants of issue 4 that break exactly one mTLS or
/// version requirement, each observed as a client would.
/// </summary>
public sealed class VersionAndClientMutantTests(ReferencePki pki, ClientPki clients)
{
    [Theory]
    [InlineData("AcceptsNoClientCert", "none", "untrusted")]
    [InlineData("TrustsAnyCa", "untrusted", "none")]
    [InlineData("IgnoresClientExpiry", "expired", "untrusted")]
    [InlineData("IgnoresClientEku", "serverauth", "expired")]
    public async Task Client_certificate_mutants_accept_exactly_their_one_bad_case(string mutant, string accepted, string stillRefused)
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(
            ports.HttpsOnly(pki, "--client-ca", clients.ClientCa, "--client-auth", "required", "--mutant", mutant), [ports.Https], ct);

        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(ports.Https, clients.ByName(accepted), ct)).Outcome);
        Assert.Equal(MtlsOutcome.RefusedAfterHandshake, (await MutualTls.ExchangeAsync(ports.Https, clients.ByName(stillRefused), ct)).Outcome);
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(ports.Https, clients.Valid, ct)).Outcome);
    }

    [Fact]
    public async Task Client_certificate_mutant_without_client_auth_is_refused_at_start()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();

        var (exit, _, stderr) = await ReferenceProcess.RunToExitAsync(ports.HttpsOnly(pki, "--mutant", "TrustsAnyCa"), ct);

        Assert.Equal(2, exit);
        Assert.Contains("needs --client-auth", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("AcceptsTls12", true)]
    public async Task Flux_refuses_tls12_unless_the_AcceptsTls12_mutant(string? mutant, bool accepted)
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(
            ["--mode", "flux", .. ports.HttpsOnly(pki, mutant is null ? [] : ["--mutant", mutant])], [ports.Https], ct);

        var tls12 = await HandshakeAsync(ports.Https, SslProtocols.Tls12, ct);
        var tls13 = await HandshakeAsync(ports.Https, SslProtocols.Tls13, ct);

        Assert.Equal(accepted, tls12);
        Assert.True(tls13);
    }

    [Theory]
    [InlineData(null, "-tls1", null)]
    [InlineData(null, "-tls1_1", null)]
    [InlineData("AcceptsTls10", "-tls1", "TLSv1")]
    [InlineData("AcceptsTls10", "-tls1_1", "TLSv1.1")]
    public async Task Tls10_and_11_are_refused_unless_the_AcceptsTls10_mutant(string? mutant, string version, string? negotiated)
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-legacy-tls-");
        // Debian's OpenSSL 3 negotiates TLS 1.0/1.1 only in a process given its own OPENSSL_CONF (see fixtures/openssl, toolchain
        // notes); the server and the openssl client both get this one, so only the server's own choice decides.
        var conf = workspace.File("openssl-legacy.cnf");
        File.WriteAllText(conf, """
            openssl_conf = openssl_init
            [openssl_init]
            ssl_conf = ssl_sect
            [ssl_sect]
            system_default = system_default_sect
            [system_default_sect]
            MinProtocol = TLSv1
            CipherString = DEFAULT@SECLEVEL=0

            """);
        var environment = new Dictionary<string, string> { ["OPENSSL_CONF"] = conf };
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(
            ports.HttpsOnly(pki, mutant is null ? [] : ["--mutant", mutant]), [ports.Https], ct, environment);

        var protocol = await OpensslProtocolAsync(ports.Https, version, conf, ct);

        Assert.Equal(negotiated, protocol);
        if (mutant is not null)
        {
            Assert.True(await HandshakeAsync(ports.Https, SslProtocols.Tls13, ct), "the mutant still serves TLS 1.3");
        }
    }

    private static async Task<bool> HandshakeAsync(int port, SslProtocols protocols, CancellationToken ct)
    {
        try
        {
            await using var tls = await TlsConnection.ConnectAsync(port, "localhost", protocols, ct);
            return tls.Stream.SslProtocol == protocols;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return false;
        }
    }

    /// <summary>Runs <c>openssl s_client VERSION</c> under <paramref name="conf"/>; the negotiated protocol, or null when the handshake failed.</summary>
    private static async Task<string?> OpensslProtocolAsync(int port, string version, string conf, CancellationToken ct)
    {
        var info = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "s_client", version, "-connect", $"127.0.0.1:{port}", "-servername", "localhost" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["OPENSSL_CONF"] = conf;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not run openssl");
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        var text = await stdout + await stderr;
        if (text.Contains("Cipher is (NONE)", StringComparison.Ordinal))
        {
            return null;
        }

        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Protocol  :", StringComparison.Ordinal));
        return line?["Protocol  :".Length..].Trim();
    }
}
