using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Redirect;

/// <summary>RD-03: HEAD and POST get what the profile declares, compared with what GET got on the same port; HEAD carries no body.</summary>
public sealed class RD03_HeadPostNoBody : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "RD-03",
        Suite: "redirect",
        Level: Level.Must,
        Title: "HEAD and POST redirected as declared",
        Requirement: "HEAD and POST on the HTTP port behave as declared (claims.redirect.head: the same redirect as GET; claims.redirect.post: redirect = the same status as GET, any = a redirect or a refusal), compared with what GET got on the same port, and a HEAD answer carries no body. The status itself is RD-01's, application content in any plaintext answer PT-03's.",
        Capability: "redirect",
        NotApplicableBecause: Applies.WithRedirect);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var r = Redirects.For(ctx)!;
        var claim = ctx.Profile.Claims.Redirect!;
        var path = ApplicationContent.Path(ctx);
        var get = await r.SendAsync("GET", path, cancellationToken);
        var head = await r.SendAsync("HEAD", path, cancellationToken);
        var post = await r.SendAsync("POST", path, cancellationToken, body: "conformance=probe", headers: [new HttpHeader("Content-Type", "application/x-www-form-urlencoded")]);
        foreach (var e in new[] { get, head, post })
        {
            if (e.Status is null)
            {
                return Verdict.Error($"the HTTP port gave no response to {e.Method}: {e.Error}");
            }
        }

        // HEAD and POST are compared with GET, never with the declared status: a wrong status is one fault (RD-01's),
        // and a GET that is not redirected leaves nothing for HEAD and POST to match.
        if (!Redirects.IsRedirect(get))
        {
            return await Redirects.ContentInsteadOfRedirectAsync(ctx, get, cancellationToken)
                ?? Verdict.NotApplicable($"GET {path} got {Redirects.Describe(get)}: no redirect for HEAD and POST to match (RD-01 judges the redirect itself)");
        }

        var problems = new List<string>();
        if (claim.Head && (head.Status != get.Status || head.Location != get.Location))
        {
            problems.Add($"HEAD got {Redirects.Describe(head)} while GET got {Redirects.Describe(get)} (claims.redirect.head: the same redirect)");
        }

        if (head.BodyBytes > 0)
        {
            problems.Add($"HEAD response carried {head.BodyBytes} body bytes");
        }

        if (claim.Post == "redirect" && post.Status != get.Status)
        {
            problems.Add($"POST got {Redirects.Describe(post)} while GET got {get.Status} (claims.redirect.post: redirect)");
        }
        else if (claim.Post == "any" && post.Status is < 300 or >= 500)
        {
            problems.Add($"POST got {Redirects.Describe(post)}; declared a redirect or refusal (claims.redirect.post: any)");
        }

        return problems.Count == 0
            ? Verdict.Pass($"GET {get.Status}; HEAD {head.Status} with no body; POST {post.Status}: as declared (head: {(claim.Head ? "same redirect" : "not judged")}, post: {claim.Post})")
            : Verdict.Fail(string.Join("; ", problems));
    }
}
