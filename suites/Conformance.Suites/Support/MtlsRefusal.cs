using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Suites.Support;

/// <summary>
/// The shared logic of MT-01..04: connect to every endpoint that requires client certificates with one bad
/// certificate (or none) and judge the outcome against the endpoint's <c>rejectAs</c>. A refusal passes only with its
/// cause on the wire (the case's alert, or for MT-01 a CertificateRequest the client saw) or with a positive control:
/// the valid client certificate served on the same endpoint. Endpoints with <c>clientAuth: optional</c> are reported,
/// not judged.
/// </summary>
internal static class MtlsRefusal
{
    /// <summary>MT-01 and MT-02: any endpoint that asks for client certificates (MT-02's CA is a throwaway the harness makes).</summary>
    public static string? Applies(Profile p) =>
        ClientAuthEndpoints(p).Any() ? null : "no endpoint of the profile asks for client certificates (clientAuth)";

    /// <summary>MT-03 and MT-04: variants need a CA the endpoint trusts — the profile's <c>client.caKey</c>, or the harness PKI it configured.</summary>
    public static string? AppliesToVariants(Profile p)
    {
        var endpoints = ClientAuthEndpoints(p).ToList();
        if (endpoints.Count == 0)
        {
            return "no endpoint of the profile asks for client certificates (clientAuth)";
        }

        return endpoints.Any(e => ClientTrust.CanIssueVariants(p, e))
            ? null
            : $"no client.caKey: the variant is issued from the key of the client CA the implementation trusts (endpoints.{endpoints[0].Name}.client.caKey), and the harness did not configure this endpoint's client trust{WhyNotHarness(p)}";
    }

    /// <summary>MT-05: a valid identity must be known — the profile's <c>client.cert</c>, or the harness PKI it configured.</summary>
    public static string? AppliesToValid(Profile p)
    {
        var endpoints = ClientAuthEndpoints(p).ToList();
        if (endpoints.Count == 0)
        {
            return "no endpoint of the profile asks for client certificates (clientAuth)";
        }

        return endpoints.Any(e => ClientTrust.HasValidIdentity(p, e))
            ? null
            : $"no client.cert: the valid client identity the implementation trusts is not named (endpoints.{endpoints[0].Name}.client.cert), and the harness did not configure this endpoint's client trust{WhyNotHarness(p)}";
    }

    public static async Task<Verdict> RunAsync(ScenarioContext ctx, MtlsCase mtls, CancellationToken ct)
    {
        var refused = new List<string>();
        var served = new List<string>();
        var observed = new List<string>();
        var undecided = new List<string>();
        var uncontrolled = new List<string>();
        var skipped = new List<string>();
        foreach (var ep in ctx.TlsEndpoints.Where(e => e.Spec.ClientAuth != ClientAuth.None))
        {
            if (!ctx.ClientCertificates.TryGetValue(ep.Name, out var set))
            {
                continue;
            }

            var certificate = mtls.Pick?.Invoke(set);
            if (mtls.Pick is not null && certificate is null)
            {
                skipped.Add($"{ep.Name}: no client.caKey to issue {mtls.Label} from a CA the endpoint trusts");
                continue;
            }

            var attempt = await ClientAuthProbe.AttemptAsync(ctx, ep, mtls.Label, certificate, ct);
            var line = $"{ep.Name} (port {ep.Port}): {attempt.Description}";
            if (ep.Spec.ClientAuth == ClientAuth.Optional)
            {
                observed.Add(line);
            }
            else if (attempt.Outcome is HandshakeOutcome.TimedOut or HandshakeOutcome.ConnectionRefused)
            {
                undecided.Add(line);
            }
            else if (!ClientAuthProbe.CountsAsRefusal(ep.Spec, attempt))
            {
                served.Add(attempt.Outcome == HandshakeOutcome.Accepted
                    ? $"{line} — the request was served"
                    : $"{line} — not a refusal this endpoint declares (rejectAs: {ClientAuthProbe.RejectionsOf(ep.Spec)})");
            }
            else if (Cause(mtls, attempt) is { } cause)
            {
                refused.Add($"{ep.Name} (port {ep.Port}): {cause}");
            }
            else
            {
                var (ok, control) = await ControlAsync(ctx, ep, set, ct);
                var why = mtls.IsVariant && attempt.Alert?.Code == MtlsCase.UnknownCa
                    ? $"; alert {attempt.Alert} says the issuer is not trusted, not that {mtls.WhatIsChecked} was checked (the variant was not issued by a CA the server trusts)"
                    : string.Empty;
                if (ok)
                {
                    refused.Add($"{line}{why}; control: {control}");
                }
                else
                {
                    uncontrolled.Add($"{line}{why}; control not served: {control}");
                }
            }
        }

        if (observed.Count > 0)
        {
            ctx.Note($"clientAuth: optional endpoints, reported not judged: {string.Join("; ", observed)}");
        }

        if (skipped.Count > 0)
        {
            ctx.Note($"not judged: {string.Join("; ", skipped)}");
        }

        if (served.Count > 0)
        {
            return Verdict.Fail($"{mtls.Label}: {string.Join("; ", served)}");
        }

        if (undecided.Count > 0)
        {
            return Verdict.Error($"{mtls.Label}: no answer to judge: {string.Join("; ", undecided)}");
        }

        if (uncontrolled.Count > 0)
        {
            return Verdict.Error($"{mtls.Label}: refused, but neither the cause is on the wire nor is the control served: {string.Join("; ", uncontrolled)}");
        }

        if (refused.Count > 0)
        {
            return Verdict.Pass($"{mtls.Label} refused: {string.Join("; ", refused)}");
        }

        return observed.Count > 0
            ? Verdict.NotApplicable($"every client-certificate endpoint is optional; what {mtls.Label} received is in the evidence: {string.Join("; ", observed)}")
            : Verdict.NotApplicable($"{mtls.Label} cannot be issued for any endpoint: {string.Join("; ", skipped)}");
    }

    /// <summary>The server's own statement of the cause: the case's alert, or (no certificate) a CertificateRequest followed by the refusal.</summary>
    private static string? Cause(MtlsCase mtls, ClientAttempt attempt)
    {
        if (attempt.Alert is { } alert && mtls.CauseAlerts.Contains(alert.Code))
        {
            return $"refused with alert {alert}";
        }

        return mtls.CertificateRequestIsCause && attempt.CertificateRequested == true
            ? $"the server sent a CertificateRequest, then refused: {attempt.Description}"
            : null;
    }

    /// <summary>The positive control: the valid client certificate (same issuer as the variants) on the same endpoint.</summary>
    private static async Task<(bool Served, string Description)> ControlAsync(ScenarioContext ctx, ResolvedEndpoint ep, EndpointClientCertificates set, CancellationToken ct)
    {
        if (set.Valid is null)
        {
            return (false, $"no valid client certificate is known for this endpoint (name it in endpoints.{ep.Name}.client.cert)");
        }

        var control = await ClientAuthProbe.AttemptAsync(ctx, ep, "the valid client certificate (control)", set.Valid, ct);
        var served = control.Outcome == HandshakeOutcome.Accepted && control.HttpStatus is null or < 400;
        return (served, served
            ? $"the valid client certificate ({set.Source}) was {(control.Description.StartsWith("served ", StringComparison.Ordinal) ? control.Description : $"served: {control.Description}")}"
            : $"the valid client certificate ({set.Source}) got {control.Description}");
    }

    private static IEnumerable<EndpointSpec> ClientAuthEndpoints(Profile p) => p.TlsEndpoints.Where(e => e.ClientAuth != ClientAuth.None);

    private static string WhyNotHarness(Profile p) =>
        !TargetCapabilities.Has(p, TargetCapability.HarnessPki) ? $" (the '{TargetDrivers.For(p.Target.Kind).Name}' target runs with its own PKI: it lacks the target capability {TargetCapabilities.Name(TargetCapability.HarnessPki)})"
        : p.Pki.SelfSignedLeaf ? " (the harness PKI has no CA: selfSignedLeaf)"
        : string.Empty;
}
