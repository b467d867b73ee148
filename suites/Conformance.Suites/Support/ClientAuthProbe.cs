using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Profiles;

namespace Conformance.Suites.Support;

/// <summary>
/// Connects with one client certificate (or none) and always writes a request and reads before judging, because
/// TLS 1.3 servers refuse client certificates only after the handshake. gRPC endpoints get a real Health/Check call.
/// </summary>
internal static class ClientAuthProbe
{
    public static async Task<ClientAttempt> AttemptAsync(ScenarioContext ctx, ResolvedEndpoint ep, string label, IssuedCertificate? client, CancellationToken ct)
    {
        var certificate = client?.Certificate;
        if (ep.Spec.Protocol == EndpointProtocol.Grpc)
        {
            var g = ctx.Add(await ctx.Grpc.CheckHealthAsync(ep.Name, ep.Host, ep.Port, ep.ServerName, certificate, ct));
            var gd = g.Outcome == HandshakeOutcome.Accepted
                ? $"gRPC Health/Check answered {g.HealthStatus}"
                : $"{g.Outcome}{(g.Alert is null ? string.Empty : $" (alert {g.Alert})")}{(g.GrpcStatus is null ? string.Empty : $", gRPC status {g.GrpcStatus}")}";
            return new ClientAttempt(label, g.Outcome, null, g.Alert, gd, null);
        }

        using var hs = await ctx.Handshake.ConnectAsync(
            new HandshakeRequest(ep.Name, ep.Host, ep.Port, ep.ServerName) { ClientCertificate = certificate, ClientIntermediates = client?.Intermediates ?? [], RequestPathAfterHandshake = ApplicationContent.Path(ctx) },
            ct);
        ctx.Add(hs.Evidence);
        var e = hs.Evidence;
        var d = e.Outcome switch
        {
            HandshakeOutcome.Accepted => $"served HTTP {hs.HttpStatus}",
            HandshakeOutcome.RefusedByApplication => $"refused by the application with HTTP {hs.HttpStatus}",
            _ => Tls.Describe(e),
        };
        return new ClientAttempt(label, e.Outcome, hs.HttpStatus, e.Alert, d, e.CertificateRequested);
    }

    /// <summary>Whether the outcome counts as a refusal for this endpoint (its <c>rejectAs</c>, or the TLS-level classes by default).</summary>
    public static bool CountsAsRefusal(EndpointSpec ep, ClientAttempt attempt)
    {
        var declared = ep.RejectAs.Count == 0 ? DefaultRejections : ep.RejectAs;
        return declared.Any(r => Maps(r, attempt));
    }

    public static string RejectionsOf(EndpointSpec ep) => string.Join(", ", ep.RejectAs.Count == 0 ? DefaultRejections : ep.RejectAs);

    private static readonly string[] DefaultRejections = ["refused-in-handshake", "refused-after-handshake", "reset"];

    private static bool Maps(string rejectAs, ClientAttempt a) => rejectAs switch
    {
        "refused-in-handshake" or "handshake-alert" => a.Outcome == HandshakeOutcome.RefusedInHandshake,
        "refused-after-handshake" or "after-handshake" => a.Outcome == HandshakeOutcome.RefusedAfterHandshake,
        "http-400" => a.Outcome == HandshakeOutcome.RefusedByApplication && a.HttpStatus == 400,
        "refused-by-application" or "http-4xx" => a.Outcome == HandshakeOutcome.RefusedByApplication,
        "closed-cleanly" => a.Outcome == HandshakeOutcome.ClosedCleanly,
        "reset" => a.Outcome == HandshakeOutcome.Reset,
        "non-tls-answer" => a.Outcome == HandshakeOutcome.NonTlsAnswer,
        "timed-out" => a.Outcome == HandshakeOutcome.TimedOut,
        _ => false,
    };
}
