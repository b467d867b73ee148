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
        Requirement: "Path, percent-encoding and query survive the redirect (seeded random paths, Bogus).",
        Capability: "redirect",
        NotApplicableBecause: Applies.WithRedirect);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var r = Redirects.For(ctx)!;
        var targets = new[] { ctx.Random.EncodedPathWithQuery(), ctx.Random.EncodedPathWithQuery(), ctx.Random.PathWithQuery(), "/?only=query&x=%2520" };
        var problems = new List<string>();
        foreach (var target in targets)
        {
            var e = await r.SendAsync("GET", target, cancellationToken);
            if (e.Status is null)
            {
                return Verdict.Error($"the HTTP port gave no response to GET {target}: {e.Error}");
            }

            if (e.Status is < 300 or >= 400)
            {
                problems.Add($"GET {target} was not redirected ({Redirects.Describe(e)})");
            }
            else if (e.Location != r.Expected(target))
            {
                problems.Add($"GET {target} redirected to {e.Location ?? "(none)"}, expected {r.Expected(target)}");
            }
        }

        return problems.Count == 0
            ? Verdict.Pass($"{targets.Length} paths with percent-encoding and queries survived exactly")
            : Verdict.Fail(string.Join("; ", problems));
    }
}
