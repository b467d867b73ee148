using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.Plaintext;

/// <summary>PT-02: the former HTTP port is closed, serves only the redirect, or is the TLS port itself, as declared.</summary>
public sealed class PT02_OldPortState : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "PT-02",
        Suite: "plaintext",
        Level: Level.Must,
        Title: "The former HTTP port is in its declared state",
        Requirement: "The former HTTP port is in the state the profile declares: closed (nothing accepts a connection; with oldPort per endpoint set, every port claimed closed, each judged on its own), or the TLS port itself (oldPort: same: it completes a TLS handshake). oldPort: redirect is RD-01's (status and origin; no redirect at all is its extreme case) wherever RD-01 applies; a plaintext answer carrying the application content is PT-03's, and plaintext on the TLS port PT-01's.",
        Capability: "oldPort",
        NotApplicableBecause: NotApplicable);

    private static string? NotApplicable(Profile p) => p.Claims.OldPorts.Count > 0
        ? (p.Claims.OldPorts.Values.Contains(OldPortMode.Closed) ? null : RedirectIsRd01)
        : p.Claims.OldPort switch
    {
        null => "the profile does not declare what became of the old HTTP port (claims.oldPort)",
        // One fault, one scenario: a redirect port that does not redirect is RD-01's, whatever else it answers.
        OldPortMode.Redirect when Applies.WithRedirect(p) is null => RedirectIsRd01,
        _ => null,
    };

    private const string RedirectIsRd01 = "oldPort: redirect is judged by RD-01 (the redirect's status and origin; no redirect at all is its extreme case) and RD-02..RD-05 (its details); application content on the old port by PT-03";

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken) => ctx.Profile.Claims.OldPort switch
    {
        _ when ctx.Profile.Claims.OldPorts.Count > 0 => await PerEndpointAsync(ctx, cancellationToken),
        OldPortMode.Closed => await ClosedAsync(ctx, ctx.Endpoints.FirstOrDefault(e => e.Spec.Plaintext == PlaintextMode.Closed), cancellationToken),
        OldPortMode.Redirect => await RedirectOnlyAsync(ctx, cancellationToken),
        _ => await SameAsync(ctx, cancellationToken),
    };

    /// <summary>
    /// <c>oldPort: { ENDPOINT: closed|redirect }</c>: every old port claimed closed is judged here, each on its own; the
    /// redirecting ones are RD-01's (the reader requires claims.redirect beside them, so RD-01 applies).
    /// </summary>
    private static async Task<Verdict> PerEndpointAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var verdicts = new List<(string Name, Verdict Verdict)>();
        foreach (var (name, _) in ctx.Profile.Claims.OldPorts.Where(p => p.Value == OldPortMode.Closed).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            verdicts.Add((name, await ClosedAsync(ctx, ctx.Endpoint(name), ct)));
        }

        var worst = verdicts.Select(v => v.Verdict).FirstOrDefault(v => v.Kind == VerdictKind.Fail)
            ?? verdicts.Select(v => v.Verdict).FirstOrDefault(v => v.Kind == VerdictKind.Error)
            ?? verdicts.Select(v => v.Verdict).FirstOrDefault(v => v.Kind == VerdictKind.NotApplicable);
        var summary = string.Join("; ", verdicts.Select(v => $"{v.Name}: {v.Verdict.Reason}"));
        return worst is null ? Verdict.Pass(summary) : worst with { Reason = summary };
    }

    private static async Task<Verdict> ClosedAsync(ScenarioContext ctx, ResolvedEndpoint? old, CancellationToken ct)
    {
        if (old is null)
        {
            return Verdict.Error("oldPort: closed, but no endpoint is declared with plaintext: closed");
        }

        var port = ctx.Add(await ctx.Ports.ProbeAsync(old.Name, old.Host, old.Port, ct));
        if (!port.Listening)
        {
            return port.Detail.Contains("refused", StringComparison.OrdinalIgnoreCase)
                ? Verdict.Pass($"old port {old.Port} is closed ({port.Detail})")
                : Verdict.Error($"old port {old.Port} neither accepted nor refused a connection ({port.Detail}): undecided");
        }

        var answer = ctx.Add(await ctx.Plaintext.SendAsync(old.Name, old.Host, old.Port, "GET", ApplicationContent.Path(ctx), old.HostHeader, ct));
        var marker = await ApplicationContent.MarkerAsync(ctx, ct);
        if (marker is not null && ApplicationContent.Contains(answer.BodySnippet, marker))
        {
            // The open port serving the application is one fault, PT-03's; an open port that serves anything else is this one.
            return Verdict.NotApplicable($"old port {old.Port} is open and answers plaintext with the application content ({PlaintextJudge.Describe(answer)}): PT-03 judges application content over plaintext");
        }

        return Verdict.Fail($"old port {old.Port} is still open: it accepted a connection and answered plaintext with {PlaintextJudge.Describe(answer)}");
    }

    /// <summary>
    /// oldPort: redirect where RD-01 does not apply (the profile reader requires claims.redirect beside it, so this is a
    /// guard, not a path a valid profile takes): every request must get a redirect.
    /// </summary>
    private static async Task<Verdict> RedirectOnlyAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var old = ctx.RedirectEndpoint;
        if (old is null)
        {
            return Verdict.Error("oldPort: redirect, but no endpoint is declared with plaintext: redirect");
        }

        var target = ctx.RedirectTarget(old);
        var host = target is null ? old.HostHeader : $"{new Uri(target.ExternalUrl).Host}:{old.Port}";
        var problems = new List<string>();
        foreach (var (method, path) in new[] { ("GET", "/"), ("GET", ctx.Random.PathWithQuery()), ("HEAD", ApplicationContent.Path(ctx)), ("POST", ApplicationContent.Path(ctx)) })
        {
            var e = ctx.Add(await ctx.Plaintext.SendAsync(old.Name, old.Host, old.Port, method, path, host, ct));
            if (e.Outcome == PlaintextOutcome.ConnectionRefused)
            {
                return Verdict.Fail($"old port {old.Port} is closed, but the profile declares it serves a redirect");
            }

            if (e.Outcome == PlaintextOutcome.TimedOut)
            {
                return Verdict.Error($"old port {old.Port} did not answer {method} {path} before the deadline: undecided");
            }

            if (e.Outcome != PlaintextOutcome.HttpRedirect)
            {
                problems.Add($"{method} {path} got {PlaintextJudge.Describe(e)}");
            }
        }

        return problems.Count == 0
            ? Verdict.Pass($"old port {old.Port} answered every request with a redirect only")
            : Verdict.Fail($"old port {old.Port} serves more than the redirect: {string.Join("; ", problems)}");
    }

    private static async Task<Verdict> SameAsync(ScenarioContext ctx, CancellationToken ct)
    {
        if (ctx.RedirectEndpoint is { } extra)
        {
            return Verdict.Fail($"oldPort: same, yet the profile lists a plaintext endpoint '{extra.Name}'");
        }

        // The port's own property is that it now speaks TLS. What it does with plaintext is PT-01's (the same port,
        // the same request), so it is not judged here a second time.
        var tls = ctx.PrimaryTls!;
        using var hs = await Tls.HandshakeAsync(ctx, tls, ct);
        return Tls.Accepted(hs)
            ? Verdict.Pass($"port {tls.Port} (the former HTTP port) now speaks TLS ({hs.Evidence.Protocol}); its plaintext handling is PT-01's")
            : Verdict.Fail($"port {tls.Port} (the former HTTP port) does not complete a TLS handshake: {Tls.Describe(hs.Evidence)}");
    }
}
