using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Verdicts;

/// <summary>
/// One property per scenario for certificates: SAN-01 never passes on nothing when every finding it saw is another
/// scenario's, and RD-05 keeps the certificate check for a Location host no SAN scenario judges.
/// </summary>
public sealed class CertificateOwnershipTests
{
    [Fact]
    public async Task San01_is_not_applicable_when_every_declared_name_only_lacks_server_auth_and_san05_fails_it()
    {
        // ClientAuthOnlyEku without SNI groups: every name SAN-01 judges is served the one clientAuth-only leaf. An overlay
        // of the mutant (itself an overlay of the reference) drops the SNI pair from the arguments and the SNI sections.
        const string yaml = """
            extends: ClientAuthOnlyEku.yaml
            target:
              args:
                [--mode, reference, --https, "{port:https}", --http, "{port:http}",
                 --redirect-base, "https://reference.conformance.svc.cluster.local:{port:https}",
                 --cert, "{pki:cert}", --key, "{pki:key}", --unknown-sni, default, --tls-min, "1.2",
                 --content-marker, conformance-reference-content]
            pki:
              sni: ~
            claims:
              sni: ~
            """;

        var run = await RunAsync(yaml, "mutants/ClientAuthOnlyEku-without-sni.yaml", "SAN-01", "SAN-05");

        var san01 = run.Scenarios.Single(s => s.Id == "SAN-01");
        Assert.Equal(VerdictKind.NotApplicable, san01.Verdict);
        Assert.Contains("every finding belongs to SAN-05", san01.Reason, StringComparison.Ordinal);
        Assert.Contains("deferred to SAN-05: https: localhost: EKU [clientAuth] lacks serverAuth", san01.Reason, StringComparison.Ordinal);
        Assert.Equal(VerdictKind.Fail, run.Scenarios.Single(s => s.Id == "SAN-05").Verdict);
    }

    [Fact]
    public async Task Rd05_fails_a_certificate_not_valid_for_a_location_host_that_is_no_declared_name()
    {
        // A conformant reference whose external URL names a host outside pki.serverNames: no SAN scenario judges the
        // certificate for it, so RD-05 does, and the default leaf does not name it.
        var yaml = File.ReadAllText(RepoPaths.Profile("reference.yaml"))
            .Replace("https://reference.conformance.svc.cluster.local:{port:https}", "https://elsewhere.conformance.test:{port:https}", StringComparison.Ordinal);

        var run = await RunAsync(yaml, "reference.yaml", "RD-01", "RD-05", "SAN-01");

        Assert.Equal(VerdictKind.Pass, run.Scenarios.Single(s => s.Id == "RD-01").Verdict);
        Assert.Equal(VerdictKind.Pass, run.Scenarios.Single(s => s.Id == "SAN-01").Verdict);
        var rd05 = run.Scenarios.Single(s => s.Id == "RD-05");
        Assert.Equal(VerdictKind.Fail, rd05.Verdict);
        Assert.Contains("elsewhere.conformance.test is not a declared name of https", rd05.Reason, StringComparison.Ordinal);
    }

    private static async Task<RunResult> RunAsync(string yaml, string relativeSource, params string[] ids)
    {
        var profile = ProfileLoader.Parse(yaml, RepoPaths.Profile(relativeSource));
        var scenarios = ids.Select(id => Catalog.Find(id)!).ToList();
        return await new ScenarioRunner(TimeProvider.System).RunAsync(profile, scenarios, new RunOptions { Seed = 4242 }, null, TestContext.Current.CancellationToken);
    }
}
