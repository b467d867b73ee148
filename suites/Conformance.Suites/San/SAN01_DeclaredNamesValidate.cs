using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.San;

/// <summary>SAN-01: every listed name (DNS and IP) gets a chain that validates under the harness's policy.</summary>
public sealed class SAN01_DeclaredNamesValidate : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "SAN-01",
        Suite: "san",
        Level: Level.Must,
        Title: "Every declared name validates",
        Requirement: "For every name the profile lists (DNS and IP), the served chain validates against that endpoint's trust anchors under the harness's certificate policy.",
        Capability: "tls",
        NotApplicableBecause: Applies.WithTlsEndpoint);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var checkedNames = 0;
        var sniEndpoint = ctx.Profile.Claims.Sni?.Endpoint ?? ctx.PrimaryTls!.Name;
        foreach (var ep in ctx.TlsEndpoints)
        {
            var names = ctx.Profile.Pki.ServerNames.Select(n => DeclaredNames.Concrete(n, ctx.Random))
                .Concat(ctx.Profile.Pki.IpAddresses)
                .Concat(ep.ServerName is null ? [] : [ep.ServerName])
                .Concat(ep.Name == sniEndpoint ? ctx.Profile.Pki.Sni.Values.SelectMany(v => v) : [])
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            foreach (var name in names)
            {
                using var hs = await Tls.HandshakeAsync(ctx, ep, name, cancellationToken);
                checkedNames++;
                if (Tls.Undecided(hs))
                {
                    return Verdict.Error($"{ep.Name}: {name}: no answer to judge ({Tls.Describe(hs.Evidence)})");
                }

                if (!Tls.Accepted(hs))
                {
                    problems.Add($"{ep.Name}: {name}: handshake {Tls.Describe(hs.Evidence)}");
                    continue;
                }

                var policy = ctx.Add(ctx.Policy.ValidateServer(ep.Name, hs.Chain, name, ep.TrustAnchors));
                if (!policy.Satisfied)
                {
                    problems.Add($"{ep.Name}: {name}: {string.Join("; ", policy.Findings.Where(f => !f.EndsWith(": ok", StringComparison.Ordinal)))}");
                }
            }
        }

        return problems.Count == 0
            ? Verdict.Pass($"{checkedNames} name/endpoint pairs validated against the endpoints' own trust anchors")
            : Verdict.Fail(string.Join(" | ", problems));
    }
}
