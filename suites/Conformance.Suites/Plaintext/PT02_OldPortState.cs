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
        Requirement: "The former HTTP port is closed, serves only the redirect (RD-*), or is the TLS port itself (oldPort: same), as the profile declares.",
        Capability: "oldPort",
        NotApplicableBecause: p => p.Claims.OldPort is null ? "the profile does not declare what became of the old HTTP port (claims.oldPort)" : null);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken) => ctx.Profile.Claims.OldPort switch
    {
        OldPortMode.Closed => await ClosedAsync(ctx, cancellationToken),
        OldPortMode.Redirect => await RedirectOnlyAsync(ctx, cancellationToken),
        _ => await SameAsync(ctx, cancellationToken),
    };

    private static async Task<Verdict> ClosedAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var old = ctx.Endpoints.FirstOrDefault(e => e.Spec.Plaintext == PlaintextMode.Closed);
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

        var answer = ctx.Add(await ctx.Plaintext.SendAsync(old.Name, old.Host, old.Port, "GET", "/", old.HostHeader, ct));
        return Verdict.Fail($"old port {old.Port} is still open: it accepted a connection and answered plaintext with {PlaintextJudge.Describe(answer)}");
    }

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

        var tls = ctx.PrimaryTls!;
        var plain = ctx.Add(await ctx.Plaintext.SendAsync(tls.Name, tls.Host, tls.Port, "GET", "/", tls.HostHeader, ct));
        var plainVerdict = PlaintextJudge.Judge(plain, ctx.Profile.Claims.Content?.Marker);
        if (plainVerdict.Kind != VerdictKind.Pass)
        {
            return plainVerdict;
        }

        using var hs = await Tls.HandshakeAsync(ctx, tls, ct);
        return Tls.Accepted(hs)
            ? Verdict.Pass($"port {tls.Port} now speaks TLS ({hs.Evidence.Protocol}) and refuses plaintext ({PlaintextJudge.Describe(plain)})")
            : Verdict.Fail($"port {tls.Port} refuses plaintext but does not complete a TLS handshake either: {Tls.Describe(hs.Evidence)}");
    }
}
