using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Redirect;

/// <summary>RD-03: HEAD and POST behave as declared; no redirect carries application content.</summary>
public sealed class RD03_HeadPostNoBody : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "RD-03",
        Suite: "redirect",
        Level: Level.Must,
        Title: "HEAD and POST as declared, no application body",
        Requirement: "HEAD and POST behave as declared; no application body in any redirect.",
        Capability: "redirect",
        NotApplicableBecause: Applies.WithRedirect);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var r = Redirects.For(ctx)!;
        var claim = ctx.Profile.Claims.Redirect!;
        var marker = await ApplicationContent.MarkerAsync(ctx, cancellationToken);
        if (marker is null)
        {
            return Verdict.Error("the application content could not be learned, so redirect bodies cannot be searched for it; declare claims.content.marker");
        }

        var path = ApplicationContent.Path(ctx);
        var problems = new List<string>();
        var get = await r.SendAsync("GET", path, cancellationToken);
        var head = await r.SendAsync("HEAD", path, cancellationToken);
        var post = await r.SendAsync("POST", path, cancellationToken, body: "conformance=probe", headers: [new HttpHeader("Content-Type", "application/x-www-form-urlencoded")]);
        foreach (var e in new[] { get, head, post })
        {
            if (e.Status is null)
            {
                return Verdict.Error($"the HTTP port gave no response to {e.Method}: {e.Error}");
            }

            if (ApplicationContent.Contains(e.BodySnippet, marker))
            {
                problems.Add($"{e.Method} {path} answered {e.Status} with application content in the body");
            }
        }

        if (claim.Head && head.Status != r.DeclaredStatus)
        {
            problems.Add($"HEAD got {Redirects.Describe(head)}, declared {r.DeclaredStatus}");
        }

        if (head.BodyBytes > 0)
        {
            problems.Add($"HEAD response carried {head.BodyBytes} body bytes");
        }

        if (claim.Post == "redirect" && post.Status != r.DeclaredStatus)
        {
            problems.Add($"POST got {Redirects.Describe(post)}, declared {r.DeclaredStatus}");
        }
        else if (claim.Post == "any" && post.Status is < 300 or >= 500)
        {
            problems.Add($"POST got {Redirects.Describe(post)}; declared a redirect or refusal");
        }

        return problems.Count == 0
            ? Verdict.Pass($"HEAD {head.Status}, POST {post.Status}, no application content in any redirect")
            : Verdict.Fail(string.Join("; ", problems));
    }
}
