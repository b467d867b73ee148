using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Redirect;

/// <summary>RD-02: path, percent-encoding and query survive the redirect byte for byte (seeded random paths).</summary>
public sealed class RD02_PathAndQuerySurvive : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "RD-02",
        Suite: "redirect",
        Level: Level.Must,
        Title: "Path, percent-encoding and query survive",
        Requirement: "Path, percent-encoding and query survive the redirect (seeded random paths, Bogus); the origin (scheme, host, port) is RD-01's.",
        Capability: "redirect",
        NotApplicableBecause: Applies.WithRedirect);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var r = Redirects.For(ctx)!;

        // The plain path first: when the port does not redirect it, nothing is redirected at all and that is RD-01's
        // fault. Once it is, an encoded path or a query the port answers without a redirect did not survive (RD-01
        // sends no encoded path, so no one else would see it).
        var plain = ctx.Random.PathWithQuery();
        var targets = new[] { plain, ctx.Random.EncodedPathWithQuery(), ctx.Random.EncodedPathWithQuery(), "/?only=query&x=%2520" };
        var problems = new List<string>();
        var judged = 0;
        foreach (var target in targets)
        {
            var e = await r.SendAsync("GET", target, cancellationToken);
            if (e.Status is null)
            {
                return Verdict.Error($"the HTTP port gave no response to GET {target}: {e.Error}");
            }

            if (e.Status is < 300 or >= 400 || e.Location is null)
            {
                if (ReferenceEquals(target, plain))
                {
                    if (await Redirects.ContentInsteadOfRedirectAsync(ctx, e, cancellationToken) is { } deferred)
                    {
                        return deferred;
                    }

                    return Verdict.NotApplicable($"the plain path GET {target} got {Redirects.Describe(e)}: no redirect whose path could survive (RD-01 judges the redirect itself)");
                }

                problems.Add($"GET {target} got {Redirects.Describe(e)} while the plain path {plain} was redirected: the path did not survive to a redirect");
                continue;
            }

            judged++;
            var expected = Redirects.Split(r.Expected(target)).PathAndQuery;
            var got = Redirects.Split(e.Location).PathAndQuery;
            if (got != expected)
            {
                problems.Add($"GET {target} redirected to path and query {got}, expected {expected} (Location {e.Location})");
            }
        }

        return problems.Count == 0
            ? Verdict.Pass($"{judged} paths with percent-encoding and queries survived exactly (the origin is RD-01's)")
            : Verdict.Fail(string.Join("; ", problems));
    }
}
