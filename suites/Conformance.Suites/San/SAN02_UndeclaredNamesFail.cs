using Conformance.Engine;
using Conformance.Model;
using Conformance.Policy;
using Conformance.Suites.Support;

namespace Conformance.Suites.San;

/// <summary>
/// SAN-02: names that must not match fail: another namespace, two-level wildcard, look-alike, sibling, other IP. With
/// per-endpoint certificates each certificate is judged on the first endpoint serving it, against its own names.
/// </summary>
public sealed class SAN02_UndeclaredNamesFail : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "SAN-02",
        Suite: "san",
        Level: Level.Must,
        Title: "Undeclared names do not match",
        Requirement: "Names that must not match fail: another namespace, two-level wildcard, look-alike, IP as DNS.",
        Capability: "tls",
        NotApplicableBecause: Applies.WithTlsEndpoint);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        // One endpoint per certificate served (the first endpoint declared to serve it): a one-certificate profile is
        // judged on its primary TLS endpoint as before; with per-endpoint certificates each is judged against the
        // names declared for it alone.
        var judged = ctx.TlsEndpoints.GroupBy(e => e.Spec.Certificate, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var matched = new List<string>();
        var refused = 0;
        var total = 0;
        var controls = new List<string>();
        foreach (var tls in judged)
        {
            var dns = DeclaredNames.Dns(ctx.Profile, tls.Spec.Certificate);
            var ips = DeclaredNames.Ips(ctx.Profile, tls.Spec.Certificate);
            var negatives = NegativeNames.Generate(dns, ips, ctx.Random);
            var on = judged.Count > 1 ? $"{tls.Name} ({DeclaredNames.Describe(tls)}): " : string.Empty;
            ctx.Note($"{on}{negatives.Count} names the profile does not list: {string.Join(", ", negatives.Select(n => n.Name))}");
            total += negatives.Count;
            foreach (var (name, why) in negatives)
            {
                using var hs = await Tls.HandshakeAsync(ctx, tls, name, cancellationToken);
                if (Tls.Undecided(hs))
                {
                    return Verdict.Error($"{on}{name}: no answer to judge ({Tls.Describe(hs.Evidence)}); an unreachable target is not a refusal");
                }

                if (!Tls.Accepted(hs))
                {
                    // Refusing an unknown name is a stricter answer than serving a non-matching certificate.
                    refused++;
                    continue;
                }

                var match = HostnameMatcher.Match(hs.Leaf!, name);
                if (match.Matched)
                {
                    matched.Add($"{on}{name} ({why}) is matched by SAN {match.MatchedBy}");
                }
            }
        }

        if (matched.Count > 0)
        {
            return Verdict.Fail($"the served certificate covers names the profile does not list: {string.Join("; ", matched)}");
        }

        // The undeclared names' refusals or non-matching certificates mean something only if a declared name validates.
        foreach (var tls in judged)
        {
            var control = await Controls.TlsAsync(ctx, tls, cancellationToken);
            if (!control.NameValidates)
            {
                return Controls.NotServed($"the declared name {tls.ServerName ?? tls.Host}{(judged.Count > 1 ? $" on {tls.Name}" : string.Empty)} does not validate: {control.Words}");
            }

            controls.Add(judged.Count > 1 ? $"{tls.Name}: {control.Words}" : control.Words);
        }

        return Verdict.Pass($"none of the {total} undeclared names matched the served certificates ({refused} refused); control: {string.Join("; ", controls)}");
    }
}
