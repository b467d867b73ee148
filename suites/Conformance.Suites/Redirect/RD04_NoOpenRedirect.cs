using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Redirect;

/// <summary>RD-04: a forged Host (or X-Forwarded-Host) header cannot send clients to another host.</summary>
public sealed class RD04_NoOpenRedirect : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "RD-04",
        Suite: "redirect",
        Level: Level.Must,
        Title: "No open redirect via Host",
        Requirement: "A forged Host header cannot send clients to another host (open-redirect check), unless the profile declares host mirroring.",
        Capability: "redirect",
        NotApplicableBecause: p => Applies.WithRedirect(p) ?? (p.Claims.Redirect!.HostMirroring
            ? "the profile declares host mirroring (claims.redirect.hostMirroring): the Location follows the Host header by design"
            : null));

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var r = Redirects.For(ctx)!;
        var expectedHost = new Uri(r.To.ExternalUrl).Host;
        var evil = $"{ctx.Random.Label()}.attacker.example";
        var path = ctx.Random.PathWithQuery();
        var forgedHost = await r.SendAsync("GET", path, cancellationToken, hostHeader: evil);
        var forwarded = await r.SendAsync("GET", path, cancellationToken, headers: [new HttpHeader("X-Forwarded-Host", evil)]);
        var problems = new List<string>();
        var refused = new List<string>();
        foreach (var (what, e) in new[] { ($"Host: {evil}", forgedHost), ($"X-Forwarded-Host: {evil}", forwarded) })
        {
            if (e.Status is null)
            {
                return Verdict.Error($"the HTTP port gave no response with {what}: {e.Error}");
            }

            if (e.Location is null)
            {
                refused.Add($"{what}: {Redirects.Describe(e)}");
                continue;
            }

            if (!Uri.TryCreate(e.Location, UriKind.Absolute, out var location))
            {
                problems.Add($"with {what} the Location '{e.Location}' is not an absolute URL");
            }
            else if (!location.Host.Equals(expectedHost, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"with {what} the redirect sends clients to {location.Host} instead of {expectedHost}");
            }
        }

        if (problems.Count > 0)
        {
            return Verdict.Fail(string.Join("; ", problems));
        }

        if (refused.Count == 0)
        {
            return Verdict.Pass($"forged Host and X-Forwarded-Host ({evil}) did not change the redirect host ({expectedHost})");
        }

        // A forged request that got no redirect at all is a refusal; it means something only beside the control, the
        // same request with the client's own Host redirected.
        var control = await r.SendAsync("GET", path, cancellationToken);
        if (control.Status is not null && (control.Status is < 300 or >= 400 || control.Location is null))
        {
            if (await Redirects.ContentInsteadOfRedirectAsync(ctx, control, cancellationToken) is { } deferred)
            {
                return deferred;
            }

            // The port redirects nobody: RD-01's fault, and nothing an open redirect could abuse.
            return Verdict.NotApplicable($"the HTTP port does not redirect even the client's own Host ({Redirects.Describe(control)}), so there is no redirect to forge (RD-01 judges the redirect)");
        }

        return control.Status is >= 300 and < 400 && control.Location is not null
            ? Verdict.Pass($"forged headers ({evil}) got no redirect ({string.Join("; ", refused)}); control: with Host {r.ClientHost} the same request was redirected to {control.Location}")
            : Controls.NotServed($"forged headers got no redirect ({string.Join("; ", refused)}), but neither did the same request with Host {r.ClientHost} ({Redirects.Describe(control)})");
    }
}
