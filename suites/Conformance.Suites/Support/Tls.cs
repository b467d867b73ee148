using System.Net;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Probes;

namespace Conformance.Suites.Support;

/// <summary>Handshakes that record their evidence in the scenario context.</summary>
internal static class Tls
{
    /// <summary>Handshakes with <paramref name="endpoint"/>, sending <paramref name="name"/> as SNI (none for an IP literal).</summary>
    public static async Task<HandshakeResult> HandshakeAsync(ScenarioContext ctx, ResolvedEndpoint endpoint, string? name, CancellationToken ct)
    {
        var result = await ctx.Handshake.ConnectAsync(new HandshakeRequest(endpoint.Name, endpoint.Host, endpoint.Port, SniFor(name)), ct);
        ctx.Add(result.Evidence);
        return result;
    }

    /// <summary>The SNI a client sends for <paramref name="name"/>: none for an IP literal (RFC 6066).</summary>
    public static string? SniFor(string? name) => name is null || IPAddress.TryParse(name, out _) ? null : name;

    /// <summary>Handshakes with the endpoint's declared server name.</summary>
    public static Task<HandshakeResult> HandshakeAsync(ScenarioContext ctx, ResolvedEndpoint endpoint, CancellationToken ct) =>
        HandshakeAsync(ctx, endpoint, endpoint.ServerName, ct);

    public static bool Accepted(HandshakeResult r) => r.Evidence.Outcome == HandshakeOutcome.Accepted && r.Leaf is not null;

    /// <summary>
    /// Nothing to judge: no listener, or no answer before the deadline. A scenario must turn this into an error — a
    /// dead target must never read as "refused" (a pass for negative checks) or as a failed name check.
    /// </summary>
    public static bool Undecided(HandshakeResult r) => r.Evidence.Outcome is HandshakeOutcome.ConnectionRefused or HandshakeOutcome.TimedOut;

    /// <summary>What the wire showed, in words: the alert (name and number), a close, a reset, non-TLS bytes.</summary>
    public static string Describe(HandshakeEvidence e) => HandshakeWords.Describe(e);
}
