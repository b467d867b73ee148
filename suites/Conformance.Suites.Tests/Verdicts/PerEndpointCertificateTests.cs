using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Verdicts;

/// <summary>
/// Per-endpoint certificates (pki.certificates, endpoints.NAME.certificate) on Direktiv as its TLS document configures
/// it: each endpoint is judged against its own certificate's names, SAN-06 sameIssuer holds across different leaves
/// from one CA and fails across CAs, and the scenarios that swap the default pair stand aside rather than judge.
/// </summary>
public sealed class PerEndpointCertificateTests
{
    [Fact]
    public async Task Each_direktiv_port_is_judged_against_the_names_of_its_own_certificate()
    {
        var run = await RunAsync(File.ReadAllText(RepoPaths.Profile("direktiv.yaml")), "direktiv.yaml", "SAN-01", "SAN-02", "SAN-03", "SAN-06");

        Assert.All(run.Scenarios, s => Assert.True(s.Verdict == VerdictKind.Pass, $"{s.Id}: {s.Verdict}: {s.Reason}"));
        // 3 endpoints × 5 documented names: each judged on its own port only.
        Assert.Contains("15 name/endpoint pairs validated", run.Scenarios.Single(s => s.Id == "SAN-01").Reason, StringComparison.Ordinal);
        Assert.Contains("chain to the same CA", run.Scenarios.Single(s => s.Id == "SAN-06").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_issuer_fails_when_one_port_serves_a_leaf_from_another_ca()
    {
        using var workspace = RunWorkspace.Create("conformance-other-ca-");
        using var otherCa = CertificateAuthority.CreateRoot("Other Direktiv CA");
        using var leaf = otherCa.Issue(new LeafSpecBuilder().WithCommonName("direktiv-ingress-hl")
            .WithDnsNames("direktiv-ingress-hl", "direktiv-ingress-hl.default", "direktiv-ingress-hl.default.svc.cluster.local", "*.default", "*.default.svc.cluster.local")
            .WithEku(EkuSpec.ServerAndClientAuth).Build());
        PemWriter.WriteCertificates(workspace.File("other-ca.crt"), [otherCa.Certificate]);
        PemWriter.WriteCertificates(workspace.File("ingress.crt"), leaf.ServedChain);
        PemWriter.WritePrivateKey(workspace.File("ingress.key"), leaf.Certificate);
        var yaml = $$"""
            extends: direktiv.yaml
            target:
              args:
                [--mode, direktiv,
                 --https, "{port:flow}:required", --https-cert, "{pki:cert:flow}", --https-key, "{pki:key:flow}",
                 --https, "{port:functions}:required", --https-cert, "{pki:cert:fn}", --https-key, "{pki:key:fn}",
                 --https, "{port:ingress}:required", --https-cert, "{{workspace.File("ingress.crt")}}", --https-key, "{{workspace.File("ingress.key")}}",
                 --client-ca, "{pki:client-ca}", --grpc, --content-marker, conformance-reference-content]
            endpoints:
              ingress:
                trust: ["{{workspace.File("other-ca.crt")}}"]
            """;

        var run = await RunAsync(yaml, "direktiv-other-ca.yaml", "SAN-01", "SAN-06");

        // Every port's names validate against its own trust; only the claim that one CA issues all three is broken.
        Assert.Equal(VerdictKind.Pass, run.Scenarios.Single(s => s.Id == "SAN-01").Verdict);
        var san06 = run.Scenarios.Single(s => s.Id == "SAN-06");
        Assert.Equal(VerdictKind.Fail, san06.Verdict);
        Assert.Contains("chain to different CAs", san06.Reason, StringComparison.Ordinal);
        Assert.Contains("ingress → CN=Other Direktiv CA", san06.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RT-01")]
    [InlineData("RT-02")]
    [InlineData("SV-03")]
    public async Task Swapping_scenarios_are_not_applicable_when_ports_serve_named_certificates(string id)
    {
        // Claim hot reload so only the per-endpoint certificates stand in the way: a swap of the default pair would
        // reach none of the ports, so judging it would be a false verdict either way.
        const string yaml = """
            extends: direktiv.yaml
            claims:
              reload: { mode: hot, budget: 10s }
            """;

        var run = await RunAsync(yaml, "direktiv-hot.yaml", id);

        var verdict = run.Scenarios.Single();
        Assert.Equal(VerdictKind.NotApplicable, verdict.Verdict);
        Assert.Contains("the primary TLS endpoint flow serves its own certificate 'flow'", verdict.Reason, StringComparison.Ordinal);
    }

    private static async Task<RunResult> RunAsync(string yaml, string relativeSource, params string[] ids)
    {
        var profile = ProfileLoader.Parse(yaml, RepoPaths.Profile(relativeSource));
        var scenarios = ids.Select(id => Catalog.Find(id)!).ToList();
        return await new ScenarioRunner(TimeProvider.System).RunAsync(profile, scenarios, new RunOptions { Seed = 4242 }, null, TestContext.Current.CancellationToken);
    }
}
