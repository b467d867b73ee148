using Conformance.Engine;
using Conformance.Model;
using Conformance.Probes;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.Redirect;

/// <summary>RD-05: the redirect's Location answers over TLS with a certificate valid for the Location's host.</summary>
public sealed class RD05_LocationServesTls : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "RD-05",
        Suite: "redirect",
        Level: Level.Must,
        Title: "The Location answers over TLS with a valid certificate",
        Requirement: "The Location answers over TLS with a valid certificate.",
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
        var identity = ctx.Environment.ClientCertificates.TryGetValue(r.To.Name, out var set) ? set.Valid : null;
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
        if (!policy.Satisfied)
        {
            return Verdict.Fail($"the certificate served for {host} is not valid: {string.Join("; ", policy.Findings)}");
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
            : Verdict.Pass($"{redirect.Location} answered {follow.Status} over {hs.Evidence.Protocol} with a certificate valid for {host}{(source is null ? string.Empty : $" (presenting the valid client certificate, {source})")}");
    }
}
