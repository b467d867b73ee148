using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Probes;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.TlsVersion;

/// <summary>TV-03: ALPN negotiates what the profile declares (h2 for gRPC endpoints).</summary>
public sealed class TV03_AlpnAsDeclared : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "TV-03",
        Suite: "tls-version",
        Level: Level.Should,
        Title: "ALPN offers what the profile declares",
        Requirement: "ALPN offers what the profile declares (h2 for gRPC).",
        Capability: "tls.alpn",
        NotApplicableBecause: p => (p.Claims.Tls?.Alpn.Count ?? 0) == 0 && !p.TlsEndpoints.Any(e => e.Protocol == EndpointProtocol.Grpc)
            ? "the profile declares no ALPN protocols (claims.tls.alpn) and no gRPC endpoint"
            : Applies.WithTlsEndpoint(p));

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var seen = new List<string>();
        foreach (var ep in ctx.TlsEndpoints)
        {
            IReadOnlyList<string> wanted = ep.Spec.Protocol == EndpointProtocol.Grpc
                ? [.. (ctx.Profile.Claims.Tls?.Alpn ?? []).Append("h2").Distinct()]
                : ctx.Profile.Claims.Tls?.Alpn ?? [];
            foreach (var protocol in wanted)
            {
                using var hs = await ctx.Handshake.ConnectAsync(new HandshakeRequest(ep.Name, ep.Host, ep.Port, ep.ServerName) { Alpn = [protocol] }, cancellationToken);
                ctx.Add(hs.Evidence);
                if (Tls.Undecided(hs))
                {
                    return Verdict.Error($"{ep.Name}: offering ALPN {protocol}: no answer to judge ({Tls.Describe(hs.Evidence)})");
                }

                if (hs.Evidence.Outcome != HandshakeOutcome.Accepted)
                {
                    problems.Add($"{ep.Name}: offering ALPN {protocol} alone: {Tls.Describe(hs.Evidence)}");
                }
                else if (hs.Evidence.Alpn != protocol)
                {
                    problems.Add($"{ep.Name}: offered {protocol}, negotiated {hs.Evidence.Alpn ?? "nothing"}");
                }
                else
                {
                    seen.Add($"{ep.Name} {protocol}");
                }
            }
        }

        return problems.Count == 0
            ? Verdict.Pass($"ALPN negotiated as declared: {string.Join(", ", seen)}")
            : Verdict.Fail(string.Join("; ", problems));
    }
}
