using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.Plaintext;

/// <summary>PT-04: every endpoint declared switched refuses plaintext; plaintext-by-design ports are listed, not judged.</summary>
public sealed class PT04_EveryEndpointRefusesPlaintext : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "PT-04",
        Suite: "plaintext",
        Level: Level.Must,
        Title: "No component left behind on HTTP",
        Requirement: "Every endpoint the profile lists as switched refuses plaintext (no component left behind on HTTP); ports declared plaintext by design (control plane, metrics) are listed in the report, not judged.",
        Capability: "tls",
        NotApplicableBecause: Applies.WithTlsEndpoint);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        foreach (var byDesign in ctx.Endpoints.Where(e => e.Spec.Plaintext == PlaintextMode.ByDesign))
        {
            ctx.Note($"{byDesign.Name} (port {byDesign.Port}) is plaintext by design: listed, not judged");
        }

        var marker = ctx.Profile.Claims.Content?.Marker;
        var verdicts = new List<(string Name, Verdict Verdict)>();
        foreach (var ep in ctx.TlsEndpoints)
        {
            var e = ctx.Add(await ctx.Plaintext.SendAsync(ep.Name, ep.Host, ep.Port, "GET", ApplicationContent.Path(ctx), ep.HostHeader, cancellationToken));
            verdicts.Add((ep.Name, await PlaintextJudge.JudgeAsync(ctx, ep, e, marker, cancellationToken)));
        }

        var failed = verdicts.Where(v => v.Verdict.Kind == VerdictKind.Fail).ToList();
        if (failed.Count > 0)
        {
            return Verdict.Fail(string.Join("; ", failed.Select(f => f.Verdict.Reason)));
        }

        var errors = verdicts.Where(v => v.Verdict.Kind == VerdictKind.Error).ToList();
        return errors.Count > 0
            ? Verdict.Error(string.Join("; ", errors.Select(f => f.Verdict.Reason)))
            : Verdict.Pass($"all {verdicts.Count} TLS endpoints refused plaintext: {string.Join("; ", verdicts.Select(v => v.Verdict.Reason))}");
    }
}
