using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Probes;

namespace Conformance.Suites.Support;

/// <summary>
/// Positive controls for refusals. A refusal is only evidence of a property when the same endpoint, in the same run,
/// serves the request that differs in exactly that property (or the server states the cause on the wire); a server
/// that refuses everything, answers nothing or answers garbage must never pass a refusal scenario. Each control runs
/// once per endpoint per run (cached in <see cref="ServedControlCache"/>) and every scenario that relies on it
/// gets its evidence and a note.
/// </summary>
internal static class Controls
{
    /// <summary>The TLS control of <paramref name="endpoint"/> (for a plaintext endpoint: of the TLS endpoint it redirects to or stands beside).</summary>
    public static async Task<ServedControl> TlsAsync(ScenarioContext ctx, ResolvedEndpoint endpoint, CancellationToken ct)
    {
        var tls = endpoint.Spec.IsTls ? endpoint : ctx.RedirectTarget(endpoint) ?? ctx.PrimaryTls ?? endpoint;
        var control = await ctx.Controls.TlsAsync(tls, ctx.Handshake, ct);
        ctx.Add(control.Evidence);
        ctx.Note($"control on {control.Endpoint}: {control.Words}");
        return control;
    }

    /// <summary>
    /// The newest version <paramref name="endpoint"/> accepts with the harness-written ClientHello (TLS 1.3, else
    /// 1.2), or the last refusal when it accepts neither: the control for "this old version is refused".
    /// </summary>
    public static async Task<VersionEvidence> NewestVersionAsync(ScenarioContext ctx, ResolvedEndpoint endpoint, CancellationToken ct)
    {
        var control = await ctx.Controls.Versions.GetOrRun(endpoint.Name, async () =>
        {
            var newest = await ctx.Versions.OfferAsync(endpoint.Name, endpoint.Host, endpoint.Port, endpoint.ServerName, Probes.TlsVersion.Tls13, [], ct);
            return newest.Outcome == VersionOutcome.Accepted
                ? newest
                : await ctx.Versions.OfferAsync(endpoint.Name, endpoint.Host, endpoint.Port, endpoint.ServerName, Probes.TlsVersion.Tls12, [], ct);
        });
        ctx.Add(control);
        ctx.Note($"control on {endpoint.Name}: {control.Offered} with the same harness-written ClientHello: {VersionWords.Describe(control)}");
        return control;
    }

    /// <summary>The verdict when a refusal has neither a served control nor a cause on the wire.</summary>
    public static Verdict NotServed(string what) => Verdict.Error($"control not served: {what}; a refusal cannot be told from a server that refuses everything");

    /// <summary>Judges one handshake as a control: whether the port answered and the certificate names the server name.</summary>
    public static ServedControl Judge(ResolvedEndpoint endpoint, HandshakeResult result) => ServedControls.Judge(endpoint, result);
}
