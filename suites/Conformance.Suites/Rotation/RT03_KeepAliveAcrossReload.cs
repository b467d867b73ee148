using Conformance.Engine;
using Conformance.Model;
using Conformance.Rotation;
using Conformance.Suites.Support;

namespace Conformance.Suites.Rotation;

/// <summary>RT-03: long-lived keep-alive connections keep working across a reload, or are closed cleanly between requests, never mid-request.</summary>
public sealed class RT03_KeepAliveAcrossReload : IScenario
{
    public ScenarioInfo Info { get; } = Rotations.Scenario(
        "RT-03",
        "Keep-alive connections are never cut mid-request",
        "Long-lived keep-alive connections either keep working or are closed cleanly between requests, never mid-request. A cut is a request reset or closed after its connection's TLS handshake was complete and the request was being sent or sent (a clean close of an idle connection before any byte of the response is the idle-close race, shown and not a cut); refused connections, failed handshakes and wrong certificates are RT-01's. This scenario owns the cuts RT-01 and RT-02 defer. When the new certificate is not served within the reload budget and nothing was cut, no reload happened to judge: not-applicable, naming RT-04.",
        Rotations.AppliesHot);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        if (await Rotations.NothingServedAsync(ctx, cancellationToken) is { } unserved)
        {
            return Verdict.Error(unserved);
        }

        var pki = ctx.Pki!;
        using var next = pki.IssueReplacementLeaf(time: ctx.Time);
        var requests = Math.Max(2_000, ctx.LoadRequests / 2);
        var procedure = RotationProcedures.Leaf(ctx.PrimaryTls!.TrustAnchors, next, Rotations.Mode(ctx), Rotations.Budget(ctx), Rotations.Workers, requests / 5);
        RotationRun run;
        try
        {
            run = await Rotations.RunAsync(ctx, procedure, Rotations.Spec(ctx, keepAliveShare: 0.75, requests: requests), cancellationToken);
        }
        finally
        {
            await Rotations.RestoreAsync(ctx, ctx.RunCancellation);
        }

        var s = run.Load.Summary;
        var cut = run.Load.Records.Count(r => Rotations.IsCut(r));
        if (cut > 0)
        {
            return Verdict.Fail($"{cut} of {s.Total} requests on keep-alive connections were cut mid-request by the reload ({Rotations.Failures(s.FailuresByClass)})");
        }

        var served = run.Step("new leaf served")!;
        return served.Completed
            ? Verdict.Pass($"{s.Total} requests on {s.Connections} keep-alive connection(s) across the reload: none was cut mid-request ({Rotations.FailureCount(s)} other failures: {Rotations.Failures(s.FailuresByClass)})")
            : Verdict.NotApplicable($"the new leaf was not served within the reload budget, so no reload happened that could cut a connection (RT-04 judges the reload latency itself; without a declared budget, RT-01): {served.Detail}; none of {s.Total} requests on {s.Connections} connection(s) was cut");
    }
}
