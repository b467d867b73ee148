using Conformance.Pki;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>The <c>--client-ca</c> bundle is watched like the certificate: a valid new bundle applies to new handshakes, a bad one is refused and logged.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ClientTrustReloadTests(ReferencePki pki, ClientPki clients)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_swapped_bundle_is_reloaded_and_a_malformed_one_keeps_the_old_trust()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-client-trust-");
        var bundle = workspace.File("bundle");
        CertificateSwap.Initialise(bundle, new Dictionary<string, string> { ["ca.crt"] = File.ReadAllText(clients.ClientCa) });
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(
            ports.HttpsOnly(pki, "--client-ca", Path.Combine(bundle, "ca.crt"), "--client-auth", "required"), [ports.Https], ct);
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(ports.Https, clients.Valid, ct)).Outcome);

        // A bundle that does not hold the client root: valid, reloaded, and the client is refused from then on.
        CertificateSwap.Swap(bundle, new Dictionary<string, string> { ["ca.crt"] = PemWriter.CertificatesPem([pki.Root]) });
        await Poll.UntilAsync(() => server.Stdout.Contains("client CA bundle reloaded: 1 trusted", StringComparison.Ordinal), Budget, "reload line", ct);
        Assert.NotEqual(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(ports.Https, clients.Valid, ct)).Outcome);

        // Back to the client root, then a malformed bundle: refused, logged, and the previous trust stays.
        CertificateSwap.Swap(bundle, new Dictionary<string, string> { ["ca.crt"] = File.ReadAllText(clients.ClientCa) });
        await Poll.UntilAsync(() => CountOf(server.Stdout, "client CA bundle reloaded:") == 2, Budget, "second reload line", ct);
        CertificateSwap.Swap(bundle, new Dictionary<string, string> { ["ca.crt"] = "-----BEGIN CERTIFICATE-----\ncorrupt!\n-----END CERTIFICATE-----\n" });
        await Poll.UntilAsync(() => server.Stderr.Contains("error: refusing new client CA bundle from", StringComparison.Ordinal), Budget, "refusal line", ct);
        Assert.Equal(MtlsOutcome.Served, (await MutualTls.ExchangeAsync(ports.Https, clients.Valid, ct)).Outcome);
        Assert.Equal(2, CountOf(server.Stdout, "client CA bundle reloaded:"));
    }

    private static int CountOf(string text, string what) => text.Split('\n').Count(l => l.StartsWith(what, StringComparison.Ordinal));
}
