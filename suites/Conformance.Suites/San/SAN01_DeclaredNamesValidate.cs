using System.Net;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.San;

/// <summary>
/// SAN-01: every listed name (DNS and IP) gets a chain that validates under the harness's policy. A finding another
/// scenario owns is passed on, not failed here: a declared IP address no SAN matches is SAN-03's (iPAddress SANs), an
/// SNI group's name no SAN matches is SAN-04's (SNI routing), an EKU without serverAuth is SAN-05's (hygiene) — each
/// only where that scenario inspects the very certificate SAN-01 was served. An endpoint that names a certificate
/// (<c>endpoints.NAME.certificate</c>) is judged against that certificate's names, not the default leaf's.
/// </summary>
public sealed class SAN01_DeclaredNamesValidate : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "SAN-01",
        Suite: "san",
        Level: Level.Must,
        Title: "Every declared name validates",
        Requirement: "For every name the profile lists (DNS and IP) for the certificate an endpoint is declared to serve, the served chain validates against that endpoint's trust anchors under the harness's certificate policy. "
            + "A finding another scenario owns is deferred to it, not failed here: a declared IP address no SAN matches (SAN-03), an SNI group's name no SAN matches where SNI routing is claimed (SAN-04), an EKU without serverAuth on the certificate SAN-05 inspects (SAN-05).",
        Capability: "tls",
        NotApplicableBecause: Applies.WithTlsEndpoint);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var deferred = new List<string>();
        var owners = new SortedSet<string>(StringComparer.Ordinal);
        var sound = 0;
        var sniEndpoint = DeclaredNames.SniEndpoint(ctx);
        foreach (var ep in ctx.TlsEndpoints)
        {
            // Each endpoint is judged against the certificate it is declared to serve (endpoints.NAME.certificate),
            // never against another endpoint's names.
            var certificate = DeclaredNames.CertificateOf(ctx, ep);
            var names = certificate.ServerNames.Select(n => DeclaredNames.Concrete(n, ctx.Random))
                .Concat(certificate.IpAddresses)
                .Concat(ep.ServerName is null ? [] : [ep.ServerName])
                .Concat(ep.Name == sniEndpoint ? ctx.Profile.Pki.Sni.Values.SelectMany(v => v) : [])
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            var judged = new List<(string Name, string Print, PolicyEvidence Policy)>();
            foreach (var name in names)
            {
                using var hs = await Tls.HandshakeAsync(ctx, ep, name, cancellationToken);
                if (Tls.Undecided(hs))
                {
                    return Verdict.Error($"{ep.Name}: {name}: no answer to judge ({Tls.Describe(hs.Evidence)})");
                }

                if (!Tls.Accepted(hs))
                {
                    problems.Add($"{ep.Name}: {name}: handshake {Tls.Describe(hs.Evidence)}");
                    continue;
                }

                judged.Add((name, hs.Evidence.Chain[0].Sha256Fingerprint, ctx.Add(ctx.Policy.ValidateServer(ep.Name, hs.Chain, name, ep.TrustAnchors))));
            }

            // SAN-03 and SAN-05 inspect the certificate served for the endpoint's own server name (no SNI without
            // one); a finding on any other certificate is seen by no one else and stays SAN-01's.
            var inspectedSni = Tls.SniFor(ep.ServerName);
            var inspected = judged.FirstOrDefault(j => string.Equals(Tls.SniFor(j.Name), inspectedSni, StringComparison.OrdinalIgnoreCase)).Print;
            foreach (var (name, print, policy) in judged)
            {
                if (policy.Satisfied)
                {
                    sound++;
                    continue;
                }

                var findings = PolicyWords.Problems(policy);
                var owned = policy.Failed.Select(check => OwnerOf(ctx, ep, name, check, print == inspected)).ToList();
                if (owned.All(o => o is not null))
                {
                    var to = string.Join(", ", owned.Distinct(StringComparer.Ordinal));
                    owners.UnionWith(owned!);
                    deferred.Add($"deferred to {to}: {ep.Name}: {name}: {findings}");
                    ctx.Note($"SAN-01 deferred to {to}: {ep.Name}: {name}: {findings}");
                    continue;
                }

                problems.Add($"{ep.Name}: {name}: {findings}");
            }
        }

        var passedOn = deferred.Count == 0 ? string.Empty : $" | {string.Join(" | ", deferred)}";
        if (problems.Count > 0)
        {
            return Verdict.Fail(string.Join(" | ", problems) + passedOn);
        }

        // Nothing judged here but findings owned elsewhere: SAN-01 has no evidence of its own property to pass on.
        return sound == 0 && deferred.Count > 0
            ? Verdict.NotApplicable($"no declared name could be judged by SAN-01: every finding belongs to {string.Join(", ", owners)}{passedOn}")
            : Verdict.Pass($"{sound} name/endpoint pairs validated against the endpoints' own trust anchors{passedOn}");
    }

    /// <summary>The scenario that owns a failed check for this name, or null when it is SAN-01's own.</summary>
    private static string? OwnerOf(ScenarioContext ctx, ResolvedEndpoint ep, string name, PolicyCheck check, bool inspectedElsewhere) => check switch
    {
        PolicyCheck.Name when inspectedElsewhere && IsDeclaredAddress(ctx, ep, name) => "SAN-03",
        PolicyCheck.Name when ctx.Profile.Claims.Sni is not null && ep.Name == DeclaredNames.SniEndpoint(ctx) && DeclaredNames.SniGroupOf(ctx.Profile, name) is not null => "SAN-04",
        PolicyCheck.Eku when inspectedElsewhere => "SAN-05",
        _ => null,
    };

    private static bool IsDeclaredAddress(ScenarioContext ctx, ResolvedEndpoint ep, string name) =>
        IPAddress.TryParse(name, out var address) && DeclaredNames.CertificateOf(ctx, ep).IpAddresses.Any(ip => IPAddress.TryParse(ip, out var declared) && declared.Equals(address));
}
