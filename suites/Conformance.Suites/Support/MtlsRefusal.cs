using System.Security.Cryptography.X509Certificates;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Suites.Support;

/// <summary>
/// The shared logic of MT-01..04: connect to every endpoint that requires client certificates with one bad
/// certificate (or none) and judge the outcome against the endpoint's <c>rejectAs</c>. Endpoints with
/// <c>clientAuth: optional</c> are reported, not judged.
/// </summary>
internal static class MtlsRefusal
{
    public static string? Applies(Profile p)
    {
        if (!p.TlsEndpoints.Any(e => e.ClientAuth != ClientAuth.None))
        {
            return "no endpoint of the profile asks for client certificates (clientAuth)";
        }

        return p.Pki.SelfSignedLeaf ? "the client-certificate matrix is issued from the harness CA, and this profile's PKI has none (selfSignedLeaf)" : null;
    }

    public static async Task<Verdict> RunAsync(ScenarioContext ctx, string label, Func<ClientCertificates, X509Certificate2?> pick, CancellationToken ct)
    {
        var clients = ctx.Pki?.Clients;
        if (clients is null)
        {
            return Verdict.Error("the harness PKI issued no client certificates for this run");
        }

        var certificate = pick(clients);
        var refused = new List<string>();
        var served = new List<string>();
        var observed = new List<string>();
        var undecided = new List<string>();
        foreach (var ep in ctx.TlsEndpoints.Where(e => e.Spec.ClientAuth != ClientAuth.None))
        {
            var attempt = await ClientAuthProbe.AttemptAsync(ctx, ep, label, certificate, ct);
            var line = $"{ep.Name} (port {ep.Port}): {attempt.Description}";
            if (ep.Spec.ClientAuth == ClientAuth.Optional)
            {
                observed.Add(line);
            }
            else if (attempt.Outcome is HandshakeOutcome.TimedOut or HandshakeOutcome.ConnectionRefused)
            {
                undecided.Add(line);
            }
            else if (ClientAuthProbe.CountsAsRefusal(ep.Spec, attempt))
            {
                refused.Add(line);
            }
            else
            {
                served.Add(attempt.Outcome == HandshakeOutcome.Accepted
                    ? $"{line} — the request was served"
                    : $"{line} — not a refusal this endpoint declares (rejectAs: {ClientAuthProbe.RejectionsOf(ep.Spec)})");
            }
        }

        if (observed.Count > 0)
        {
            ctx.Note($"clientAuth: optional endpoints, reported not judged: {string.Join("; ", observed)}");
        }

        if (served.Count > 0)
        {
            return Verdict.Fail($"{label}: {string.Join("; ", served)}");
        }

        if (undecided.Count > 0)
        {
            return Verdict.Error($"{label}: no answer to judge: {string.Join("; ", undecided)}");
        }

        return refused.Count > 0
            ? Verdict.Pass($"{label} refused: {string.Join("; ", refused)}")
            : Verdict.NotApplicable($"every client-certificate endpoint is optional; what {label} received is in the evidence: {string.Join("; ", observed)}");
    }
}
