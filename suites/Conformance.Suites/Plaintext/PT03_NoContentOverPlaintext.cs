using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.Plaintext;

/// <summary>PT-03: no application content (the body of a known path) is ever returned over plaintext.</summary>
public sealed class PT03_NoContentOverPlaintext : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "PT-03",
        Suite: "plaintext",
        Level: Level.Must,
        Title: "No application content over plaintext",
        Requirement: "No application content (the body of a known path, found by its marker) is ever returned over plaintext, on any port: TLS ports, the old port whatever it answers (a redirect's body included) and closed ports. PT-03 owns that fault: the redirect and old-port scenarios defer to it.",
        Capability: "tls",
        NotApplicableBecause: Applies.WithTlsEndpoint);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var marker = await ApplicationContent.MarkerAsync(ctx, cancellationToken);
        if (marker is null)
        {
            return Verdict.Error("the application content could not be learned over TLS, so plaintext answers cannot be searched for it; declare claims.content.marker");
        }

        var path = ApplicationContent.Path(ctx);
        var leaks = new List<string>();
        var probed = 0;
        var probedEndpoints = ctx.Endpoints.Where(e => e.Spec.Plaintext is PlaintextMode.Refused or PlaintextMode.Redirect or PlaintextMode.Closed).ToList();
        foreach (var ep in probedEndpoints)
        {
            foreach (var (method, target) in new[] { ("GET", path), ("GET", ctx.Random.PathWithQuery()), ("POST", path) })
            {
                var e = ctx.Add(await ctx.Plaintext.SendAsync(ep.Name, ep.Host, ep.Port, method, target, ep.HostHeader, cancellationToken));
                probed++;
                // Only the content counts: a 2xx without it (a placeholder page on the old port) is RD-01's fault there
                // and PT-01's on a TLS port.
                if (ApplicationContent.Contains(e.BodySnippet, marker))
                {
                    leaks.Add($"{ep.Name} (port {ep.Port}) {method} {target}: {PlaintextJudge.Describe(e)}");
                }
            }
        }

        if (leaks.Count > 0)
        {
            return Verdict.Fail($"application content over plaintext: {string.Join("; ", leaks)}");
        }

        // "No content" from a port that serves nothing over TLS either is no evidence: each probed endpoint's TLS
        // control must answer.
        var controls = new List<ServedControl>();
        foreach (var ep in probedEndpoints)
        {
            var control = await Controls.TlsAsync(ctx, ep, cancellationToken);
            if (!control.Answered)
            {
                return Controls.NotServed($"{ep.Name} (port {ep.Port}) returned no application content over plaintext, but {control.Words}");
            }

            controls.Add(control);
        }

        return Verdict.Pass($"{probed} plaintext requests to {probedEndpoints.Count} endpoints returned no application content; control: {string.Join("; ", controls.Select(c => $"{c.Endpoint}: {c.Words}").Distinct())}");
    }
}
