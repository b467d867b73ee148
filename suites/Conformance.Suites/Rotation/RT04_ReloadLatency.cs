using Conformance.Engine;
using Conformance.Model;
using Conformance.Rotation;
using Conformance.Suites.Support;

namespace Conformance.Suites.Rotation;

/// <summary>RT-04: reload latency (change made → new certificate first served) is measured and held to the profile's budget.</summary>
public sealed class RT04_ReloadLatency : IScenario
{
    // Must (as every rotation scenario): it owns "the new certificate is served within the reload budget, never included" (RT-01, RT-02, RT-03
    // and SV-03 defer to it), so a server that never reloads fails the gate here.
    public ScenarioInfo Info { get; } = Rotations.Scenario(
        "RT-04",
        "Reload latency within the budget",
        "Reload latency (change made → new cert served) is measured and held to the profile's budget (Knative components that poll may need 60 s or more; the profile says). A certificate never served is over the budget. This scenario owns that fault: RT-01, RT-02, RT-03 and SV-03 defer to it (not-applicable, naming RT-04) when the new certificate they need is not served within the budget.",
        p => Rotations.Applies(p) ?? (p.Claims.Reload!.Budget is null ? "the profile declares no reload budget (claims.reload.budget)" : null),
        capability: "reload.budget");

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        if (await Rotations.NothingServedAsync(ctx, cancellationToken) is { } unserved)
        {
            return Verdict.Error(unserved);
        }

        var pki = ctx.Pki!;
        var ep = ctx.PrimaryTls!;
        using var next = pki.IssueReplacementLeaf(time: ctx.Time);
        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> trust = pki.Spec.SelfSignedLeaf ? [.. ep.TrustAnchors, next.Certificate] : ep.TrustAnchors;
        var budget = Rotations.Budget(ctx);

        // Light load, fresh handshakes only: every request shows which certificate is served now.
        var procedure = RotationProcedures.Leaf(trust, next, Rotations.Mode(ctx), budget + budget, 2, 50);
        RotationRun run;
        try
        {
            // The cap is high and the run bounded by its duration: a restart refuses connections in microseconds, and a
            // cap of a few thousand would be used up by them before the new certificate could be seen.
            var spec = Rotations.Spec(ctx, keepAliveShare: 0, requests: 200) with { MaxDuration = budget + budget + TimeSpan.FromSeconds(30), MaxRequests = 1_000_000 };
            run = await Rotations.RunAsync(ctx, procedure, spec, cancellationToken, minimumRequests: 200);
        }
        finally
        {
            await Rotations.RestoreAsync(ctx, ctx.RunCancellation);
        }

        var served = run.Step("new leaf served")!;
        var change = run.MarkerMs("install new leaf")!.Value;
        if (!served.Completed)
        {
            return Verdict.Fail($"the new certificate was not served within {(budget + budget).TotalSeconds:0} s of the change (budget {budget.TotalSeconds:0} s)");
        }

        var latency = served.AtMs + served.TookMs - change;
        return latency <= budget.TotalMilliseconds
            ? Verdict.Pass($"new certificate first served {latency:0} ms after the change (budget {budget.TotalSeconds:0} s)")
            : Verdict.Fail($"new certificate first served {latency:0} ms after the change, over the {budget.TotalSeconds:0} s budget");
    }
}
