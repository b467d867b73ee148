using Conformance.Pki;
using Conformance.Probes;

namespace Conformance.TrustBundles;

/// <summary>
/// Sends requests to the implementation's forwarding endpoint (Knative's activator) while the harness's
/// <see cref="ITrustUpstream"/> presents a chosen certificate, and classifies each by what came back AND what the
/// upstream saw: its own answer (trusted), its certificate presented but no answer (refused), or no connection at all
/// (unreached — never counted as a refusal). One request at a time; never retried.
/// </summary>
public sealed class ActivatorClient(HttpProbe http, HttpProbeRequest template, ITrustUpstream upstream)
{
    public ITrustUpstream Upstream { get; } = upstream;

    /// <summary>Presents <paramref name="certificate"/> (named <paramref name="label"/>) upstream and sends one request through the implementation.</summary>
    public async Task<UpstreamCall> CallAsync(IssuedCertificate certificate, string label, CancellationToken cancellationToken)
    {
        await Upstream.ServeAsync(certificate, label, cancellationToken);
        var presentedBefore = await Upstream.PresentedAsync(cancellationToken);
        var at = http.Time.GetUtcNow();
        var exchange = await http.SendAsync(template with { Target = $"/conformance/trust-bundle/{Uri.EscapeDataString(label)}" }, cancellationToken);
        var presented = await Upstream.PresentedAsync(cancellationToken) - presentedBefore;
        var outcome = exchange.Status == 200
            ? exchange.BodySnippet?.Contains(Upstream.BodyFor(label), StringComparison.Ordinal) == true ? UpstreamOutcome.Trusted : UpstreamOutcome.Unexpected
            : presented > 0 ? UpstreamOutcome.Refused : UpstreamOutcome.Unreached;
        return new UpstreamCall(at, label, outcome, exchange);
    }
}
