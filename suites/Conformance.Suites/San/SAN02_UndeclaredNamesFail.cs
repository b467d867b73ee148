using Conformance.Engine;
using Conformance.Model;
using Conformance.Policy;
using Conformance.Suites.Support;

namespace Conformance.Suites.San;

/// <summary>SAN-02: names that must not match fail: another namespace, two-level wildcard, look-alike, sibling, other IP.</summary>
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
        var dns = DeclaredNames.Dns(ctx.Profile);
        var ips = DeclaredNames.Ips(ctx.Profile);
        var negatives = NegativeNames.Generate(dns, ips, ctx.Random);
        ctx.Note($"{negatives.Count} names the profile does not list: {string.Join(", ", negatives.Select(n => n.Name))}");
        var tls = ctx.PrimaryTls!;
        var matched = new List<string>();
        var refused = 0;
        foreach (var (name, why) in negatives)
        {
            using var hs = await Tls.HandshakeAsync(ctx, tls, name, cancellationToken);
            if (Tls.Undecided(hs))
            {
                return Verdict.Error($"{name}: no answer to judge ({Tls.Describe(hs.Evidence)}); an unreachable target is not a refusal");
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
                matched.Add($"{name} ({why}) is matched by SAN {match.MatchedBy}");
            }
        }

        if (matched.Count > 0)
        {
            return Verdict.Fail($"the served certificate covers names the profile does not list: {string.Join("; ", matched)}");
        }

        // The undeclared names' refusals or non-matching certificates mean something only if a declared name validates.
        var control = await Controls.TlsAsync(ctx, tls, cancellationToken);
        return control.NameValidates
            ? Verdict.Pass($"none of the {negatives.Count} undeclared names matched the served certificates ({refused} refused); control: {control.Words}")
            : Controls.NotServed($"the declared name {tls.ServerName ?? tls.Host} does not validate: {control.Words}");
    }
}
