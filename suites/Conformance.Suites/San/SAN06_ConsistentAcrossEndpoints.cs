using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.San;

/// <summary>SAN-06: endpoints grouped as sharing a certificate serve the same leaf; endpoints grouped by issuer chain to the same CA.</summary>
public sealed class SAN06_ConsistentAcrossEndpoints : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "SAN-06",
        Suite: "san",
        Level: Level.Must,
        Title: "Consistent certificates across endpoints",
        Requirement: "Endpoints the profile groups as sharing a certificate serve the same leaf (Feldera); endpoints grouped by issuer chain to the same CA (Direktiv).",
        Capability: "sameCertificate",
        NotApplicableBecause: p => p.Claims.SameCertificate.Count == 0 && p.Claims.SameIssuer.Count == 0
            ? "the profile groups no endpoints (claims.sameCertificate / claims.sameIssuer)"
            : null);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var group in ctx.Profile.Claims.SameCertificate)
        {
            var prints = new Dictionary<string, string>();
            foreach (var name in group)
            {
                var ep = ctx.Endpoint(name) ?? throw new InvalidOperationException($"sameCertificate names unknown endpoint '{name}'");
                using var hs = await Tls.HandshakeAsync(ctx, ep, cancellationToken);
                if (!Tls.Accepted(hs))
                {
                    return Verdict.Error($"{name}: handshake {Tls.Describe(hs.Evidence)}");
                }

                prints[name] = hs.Evidence.Chain[0].Sha256Fingerprint;
            }

            if (prints.Values.Distinct().Count() > 1)
            {
                problems.Add($"endpoints {string.Join(", ", group)} serve different leaves: {string.Join("; ", prints.Select(p => $"{p.Key} {p.Value[..23]}…"))}");
            }
        }

        foreach (var group in ctx.Profile.Claims.SameIssuer)
        {
            var issuers = new Dictionary<string, string>();
            foreach (var name in group)
            {
                var ep = ctx.Endpoint(name) ?? throw new InvalidOperationException($"sameIssuer names unknown endpoint '{name}'");
                using var hs = await Tls.HandshakeAsync(ctx, ep, cancellationToken);
                if (!Tls.Accepted(hs))
                {
                    return Verdict.Error($"{name}: handshake {Tls.Describe(hs.Evidence)}");
                }

                issuers[name] = hs.Evidence.Chain[^1].Issuer;
            }

            if (issuers.Values.Distinct().Count() > 1)
            {
                problems.Add($"endpoints {string.Join(", ", group)} chain to different CAs: {string.Join("; ", issuers.Select(p => $"{p.Key} → {p.Value}"))}");
            }
        }

        return problems.Count == 0
            ? Verdict.Pass("grouped endpoints serve the same leaf / chain to the same CA")
            : Verdict.Fail(string.Join(" | ", problems));
    }
}
