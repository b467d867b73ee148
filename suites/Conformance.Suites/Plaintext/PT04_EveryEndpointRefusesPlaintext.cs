using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.Plaintext;

/// <summary>PT-04: every TLS endpoint besides the primary (PT-01's) refuses plaintext; plaintext-by-design ports are listed, not judged.</summary>
public sealed class PT04_EveryEndpointRefusesPlaintext : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "PT-04",
        Suite: "plaintext",
        Level: Level.Must,
        Title: "No component left behind on HTTP",
        Requirement: "Every TLS endpoint besides the primary one (which is PT-01's) refuses plaintext the way PT-01 judges it (no component left behind on HTTP); ports declared plaintext by design (control plane, metrics) are listed in the report, not judged. An answer carrying the application content is PT-03's.",
        Capability: "tls",
        NotApplicableBecause: p => Applies.WithTlsEndpoint(p) ?? (p.TlsEndpoints.Skip(1).Any() ? null : "the profile's only TLS endpoint is the primary one, which PT-01 judges"));

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        foreach (var byDesign in ctx.Endpoints.Where(e => e.Spec.Plaintext == PlaintextMode.ByDesign))
        {
            ctx.Note($"{byDesign.Name} (port {byDesign.Port}) is plaintext by design: listed, not judged");
        }

        var marker = ctx.Profile.Claims.Content?.Marker;
        var verdicts = new List<(string Name, Verdict Verdict)>();
        // The primary endpoint is PT-01's: one endpoint's fault fails one scenario.
        foreach (var ep in ctx.TlsEndpoints.Where(e => e != ctx.PrimaryTls))
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
        if (errors.Count > 0)
        {
            return Verdict.Error(string.Join("; ", errors.Select(f => f.Verdict.Reason)));
        }

        var deferred = verdicts.Where(v => v.Verdict.Kind == VerdictKind.NotApplicable).ToList();
        return deferred.Count > 0
            ? Verdict.NotApplicable(string.Join("; ", verdicts.Select(v => v.Verdict.Reason)))
            : Verdict.Pass($"all {verdicts.Count} TLS endpoints besides the primary refused plaintext: {string.Join("; ", verdicts.Select(v => v.Verdict.Reason))}");
    }
}
