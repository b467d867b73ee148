using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.San;

/// <summary>
/// SAN-05: EKU absent or with serverAuth, validity window, key strength, chain order, no expired intermediate. A MUST:
/// each of these makes common clients refuse the certificate, and SAN-05 is the only scenario that fails an EKU without
/// serverAuth (SAN-01 defers it here), so a SHOULD would let such a server through the default gate.
/// </summary>
public sealed class SAN05_CertificateHygiene : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "SAN-05",
        Suite: "san",
        Level: Level.Must,
        Title: "Certificate hygiene",
        Requirement: "Certificate hygiene: EKU absent or containing serverAuth, validity window, key strength, chain order, no expired intermediate.",
        Capability: "tls",
        NotApplicableBecause: Applies.WithTlsEndpoint);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var ep in ctx.TlsEndpoints)
        {
            using var hs = await Tls.HandshakeAsync(ctx, ep, cancellationToken);
            if (!Tls.Accepted(hs))
            {
                return Verdict.Error($"{ep.Name}: no chain to inspect: handshake {Tls.Describe(hs.Evidence)}");
            }

            var policy = ctx.Add(ctx.Policy.Hygiene(ep.Name, hs.Chain, ep.TrustAnchors));
            if (!policy.Satisfied)
            {
                problems.Add($"{ep.Name}: {string.Join("; ", policy.Findings.Where(f => !f.EndsWith(": ok", StringComparison.Ordinal)))}");
            }
        }

        return problems.Count == 0
            ? Verdict.Pass("EKU, validity, key strength and chain order are sound on every TLS endpoint")
            : Verdict.Fail(string.Join(" | ", problems));
    }
}
