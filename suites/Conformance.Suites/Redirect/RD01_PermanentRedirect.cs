using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Redirect;

/// <summary>RD-01: GET on the HTTP port answers exactly the declared status (301) with Location = external URL + path and query.</summary>
public sealed class RD01_PermanentRedirect : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "RD-01",
        Suite: "redirect",
        Level: Level.Must,
        Title: "Permanent redirect to the external URL",
        Requirement: "GET on the HTTP port answers exactly the declared status (301 by default; not 302/307/308) with a Location whose origin (scheme, host, port) is the endpoint's declared external URL; an old port that does not redirect at all fails here (the path and query are RD-02's; an answer carrying the application content instead of a redirect is PT-03's).",
        Capability: "redirect",
        NotApplicableBecause: Applies.WithRedirect);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var r = Redirects.For(ctx)!;
        var path = ctx.Random.PathWithQuery();
        var exchange = await r.SendAsync("GET", path, cancellationToken);
        var expected = r.Expected(path);
        if (exchange.Status is null)
        {
            return Verdict.Error($"the HTTP port gave no response: {exchange.Error}");
        }

        if (exchange.Status != r.DeclaredStatus)
        {
            // No redirect at all is RD-01's extreme case, unless the answer is the application itself: PT-03's fault.
            if (await Redirects.ContentInsteadOfRedirectAsync(ctx, exchange, cancellationToken) is { } deferred)
            {
                return deferred;
            }

            return Verdict.Fail($"expected {r.DeclaredStatus} to {expected}, got {Redirects.Describe(exchange)}");
        }

        // RD-01 owns the status and the origin (scheme, host, port); the path and query are RD-02's.
        var origin = Redirects.Split(expected).Origin;
        var got = exchange.Location is null ? null : Redirects.Split(exchange.Location).Origin;
        return string.Equals(got, origin, StringComparison.OrdinalIgnoreCase)
            ? Verdict.Pass($"{exchange.Status} to {exchange.Location} (origin {origin} as declared; the path and query are RD-02's)")
            : Verdict.Fail($"expected {r.DeclaredStatus} to {origin}, got {exchange.Status} to {exchange.Location ?? "(none)"}{(got is null && exchange.Location is not null ? " (a relative Location names no origin)" : string.Empty)}");
    }
}
