using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Policy;
using Conformance.Suites.Support;

namespace Conformance.Suites.San;

/// <summary>SAN-04: with SNI routing each server name gets its own certificate; unknown SNI gets the declared default or a refusal.</summary>
public sealed class SAN04_SniRouting : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "SAN-04",
        Suite: "san",
        Level: Level.Must,
        Title: "Certificates chosen by SNI",
        Requirement: "With SNI routing, each server name gets its own certificate; unknown SNI gets the declared default or a refusal.",
        Capability: "sni",
        NotApplicableBecause: p => p.Claims.Sni is null ? "the profile claims no SNI routing (claims.sni)" : Applies.WithTlsEndpoint(p));

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var claim = ctx.Profile.Claims.Sni!;
        var ep = (claim.Endpoint is { } name ? ctx.Endpoint(name) : null) ?? ctx.PrimaryTls!;
        // The known-name control: the endpoint's own server name must validate, or nothing an unknown name gets
        // (a refusal above all) can be told from a server that refuses everything. Handshaken here, not cached: a
        // rotation earlier in the run changes the default certificate.
        using var fallback = await Tls.HandshakeAsync(ctx, ep, cancellationToken);
        var control = Controls.Judge(ep, fallback);
        ctx.Note($"control on {ep.Name}: {control.Words}");
        if (!Tls.Accepted(fallback) || !control.NameValidates)
        {
            return Controls.NotServed($"the endpoint's own server name {ep.ServerName ?? ep.Host} does not validate: {control.Words}");
        }

        var defaultPrint = fallback.Evidence.Chain[0].Sha256Fingerprint;
        var problems = new List<string>();
        foreach (var (group, names) in ctx.Profile.Pki.Sni)
        {
            string? groupPrint = null;
            foreach (var sni in names)
            {
                using var hs = await Tls.HandshakeAsync(ctx, ep, sni, cancellationToken);
                if (Tls.Undecided(hs))
                {
                    return Verdict.Error($"{sni}: no answer to judge ({Tls.Describe(hs.Evidence)})");
                }

                if (!Tls.Accepted(hs))
                {
                    problems.Add($"{sni}: handshake {Tls.Describe(hs.Evidence)}");
                    continue;
                }

                var print = hs.Evidence.Chain[0].Sha256Fingerprint;
                if (print == defaultPrint)
                {
                    problems.Add($"{sni} got the default certificate, not group '{group}''s own");
                }
                else if (groupPrint is not null && print != groupPrint)
                {
                    problems.Add($"{sni} got a different certificate from the rest of group '{group}'");
                }

                groupPrint ??= print;
                if (!HostnameMatcher.Match(hs.Leaf!, sni).Matched)
                {
                    problems.Add($"the certificate served for {sni} does not name it");
                }
            }
        }

        var unknown = $"{ctx.Random.Label()}.unknown.invalid";
        using var stranger = await Tls.HandshakeAsync(ctx, ep, unknown, cancellationToken);
        if (Tls.Undecided(stranger))
        {
            return Verdict.Error($"unknown SNI {unknown}: no answer to judge ({Tls.Describe(stranger.Evidence)}); an unreachable target is not a refusal");
        }

        string got;
        if (claim.Unknown == "refuse")
        {
            got = $"refused ({Tls.Describe(stranger.Evidence)})";
            if (stranger.Evidence.Outcome is HandshakeOutcome.Accepted)
            {
                problems.Add($"unknown SNI {unknown} was accepted; the profile declares a refusal");
            }
        }
        else if (!Tls.Accepted(stranger))
        {
            got = "refused";
            problems.Add($"unknown SNI {unknown} was refused ({Tls.Describe(stranger.Evidence)}); the profile declares the default certificate");
        }
        else if (stranger.Evidence.Chain[0].Sha256Fingerprint != defaultPrint)
        {
            got = "another certificate";
            problems.Add($"unknown SNI {unknown} got a certificate other than the default");
        }
        else
        {
            got = "the default certificate";
        }

        var groups = ctx.Profile.Pki.Sni.Count == 0 ? "one certificate, no SNI groups" : $"{ctx.Profile.Pki.Sni.Count} SNI group(s) got their own certificates";
        return problems.Count == 0
            ? Verdict.Pass($"{groups}; unknown SNI {unknown} got {got}, as declared ({claim.Unknown}); control: {control.Words}")
            : Verdict.Fail(string.Join("; ", problems));
    }
}
