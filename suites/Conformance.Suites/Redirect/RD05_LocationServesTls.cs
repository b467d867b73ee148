using Conformance.Engine;
using Conformance.Model;
using Conformance.Probes;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.Redirect;

/// <summary>
/// RD-05: the redirect's https Location completes a TLS handshake, answers HTTP and does not send the client back to
/// plaintext. Whether the certificate is valid for the Location's host is SAN-01's (and SAN-05's) when the host is a
/// name SAN-01 judges on that endpoint; for any other host (a mirrored Host, say) no one else judges it and it is RD-05's.
/// </summary>
public sealed class RD05_LocationServesTls : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "RD-05",
        Suite: "redirect",
        Level: Level.Must,
        Title: "The Location answers over TLS",
        Requirement: "The redirect's https Location completes a TLS handshake, answers HTTP and does not redirect back to plaintext. "
            + "The certificate must be valid for the Location's host; for a declared name of that endpoint SAN-01/SAN-05 judge it (RD-05 records their findings as deferred), for any other host RD-05 does.",
        Capability: "redirect",
        NotApplicableBecause: Applies.WithRedirect);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var r = Redirects.For(ctx)!;
        var path = ctx.Random.PathWithQuery();
        var redirect = await r.SendAsync("GET", path, cancellationToken);
        if (redirect.Status is null)
        {
            return Verdict.Error($"the HTTP port gave no response: {redirect.Error}");
        }

        // A missing, relative or plaintext Location is RD-01's fault (it owns the status and the origin); RD-05
        // judges only what an https Location serves.
        if (redirect.Location is null || !Uri.TryCreate(redirect.Location, UriKind.Absolute, out var location) || location.Scheme != Uri.UriSchemeHttps)
        {
            return Verdict.NotApplicable($"no https Location to follow ({Redirects.Describe(redirect)}); RD-01 judges the redirect's status and origin");
        }

        // The Location names the external address (a Service port, a DNS name the cluster resolves); the harness
        // reaches the TLS endpoint behind it directly and sends the Location's host as SNI, as a client would.
        var external = new Uri(r.To.ExternalUrl);
        var port = location.Port == external.Port ? r.To.Port : location.Port;
        var host = location.IdnHost;

        // A client following the redirect of a mutual-TLS site holds the site's client identity: without it the
        // site's correct refusal (certificate_required) would fail the redirect, and that refusal is MT-01's property.
        var identity = ctx.ClientCertificates.TryGetValue(r.To.Name, out var set) ? set.Valid : null;
        var source = identity is null ? null : set!.Source;
        if (identity is null && r.To.Spec.ClientAuth == ClientAuth.Required)
        {
            return Verdict.NotApplicable($"the Location's endpoint {r.To.Name} requires a client certificate and no valid client identity is known for it (endpoints.{r.To.Name}.client.cert), so a client following the redirect cannot be served; MT-01 judges the refusal");
        }

        using var hs = await ctx.Handshake.ConnectAsync(
            new HandshakeRequest(r.To.Name, r.To.Host, port, host) { ClientCertificate = identity?.Certificate, ClientIntermediates = identity?.Intermediates ?? [] },
            cancellationToken);
        ctx.Add(hs.Evidence);
        if (!Tls.Accepted(hs))
        {
            return Verdict.Fail($"the Location {redirect.Location} (reached at {r.To.Host}:{port}) did not complete a TLS handshake: {Tls.Describe(hs.Evidence)}");
        }

        var policy = ctx.Add(ctx.Policy.ValidateServer(r.To.Name, hs.Chain, host, r.To.TrustAnchors));
        var certificate = $"a certificate valid for {host}";
        if (!policy.Satisfied)
        {
            var findings = PolicyWords.Problems(policy);
            if (!DeclaredNames.IsJudgedOn(ctx, r.To, host))
            {
                return Verdict.Fail($"the certificate served for {host} is not valid: {findings} ({host} is not a declared name of {r.To.Name}, so no SAN scenario judges it)");
            }

            // A declared name: SAN-01 judges this certificate on this endpoint (and passes an EKU on to SAN-05). The
            // client is followed on, as one that trusts the name would be, so RD-05 still judges what it owns.
            certificate = $"the certificate for {host} deferred to SAN-01/SAN-05 ({findings})";
            ctx.Note($"RD-05 deferred to SAN-01/SAN-05: {r.To.Name}: {host} is a declared name: {findings}");
        }

        var follow = ctx.Add(await ctx.Http.SendAsync(
            new HttpProbeRequest(r.To.Name, r.To.Host, port, "GET", location.PathAndQuery, location.Authority)
            {
                Tls = true,
                ServerName = host,
                ClientCertificate = identity?.Certificate,
                ClientIntermediates = identity?.Intermediates ?? [],
            },
            cancellationToken));
        if (follow.Status is null)
        {
            return Verdict.Fail($"the Location {redirect.Location} completed the handshake but gave no HTTP response: {follow.Error}");
        }

        return follow.Status is >= 300 and < 400 && follow.Location?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true
            ? Verdict.Fail($"the Location answered {follow.Status} back to plaintext {follow.Location}")
            : Verdict.Pass($"{redirect.Location} answered {follow.Status} over {hs.Evidence.Protocol} with {certificate}{(source is null ? string.Empty : $" (presenting the valid client certificate, {source})")}");
    }
}
