using System.Security.Cryptography.X509Certificates;
using Conformance.Engine;
using Conformance.Load;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Rotation;
using Conformance.Suites.Support;

namespace Conformance.Suites.Rotation;

/// <summary>
/// RT-01: leaf rotation under load. Hot reload: zero failed requests of its own kinds (a connection cut by the reload
/// is RT-03's). Restart/none: the downtime is measured and held to reload.downtimeBudget. A new certificate not
/// served within the budget is RT-04's fault: the rotation did not happen, so RT-01 defers.
/// </summary>
public sealed class RT01_LeafRotationUnderLoad : IScenario
{
    public ScenarioInfo Info { get; } = Rotations.Scenario(
        "RT-01",
        "Leaf rotation under load",
        "Leaf rotation under load. reload.mode hot: zero failed requests (refused connections, failed handshakes, a wrong or untrusted certificate, timeouts, error statuses). A request cut mid-request on an established connection (reset or closed after its handshake, with the request sent) while the reload happens (from the change until 2 s after the new certificate was first served) is counted and shown but judged by RT-03. restart / none: the downtime (last success before → first success after, with the new certificate) is measured and must stay within reload.downtimeBudget; without that budget the scenario is not-applicable and the measured downtime is in the reason. When the new certificate is not served within the reload budget the rotation did not happen: not-applicable, naming RT-04 (which judges the reload latency) with what was measured, unless requests failed of their own; without a declared reload.budget RT-04 does not judge, and RT-01 fails.",
        Rotations.Applies) with
    {
        Consumes = [Sensitivity.Fact],
    };

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        if (await Rotations.NothingServedAsync(ctx, cancellationToken) is { } unserved)
        {
            return Verdict.Error(unserved);
        }

        var pki = ctx.Pki!;
        var ep = ctx.PrimaryTls!;
        var mode = Rotations.Mode(ctx);
        using var next = pki.IssueReplacementLeaf(time: ctx.Time);
        IReadOnlyList<X509Certificate2> trust = pki.Spec.SelfSignedLeaf ? [.. ep.TrustAnchors, next.Certificate] : ep.TrustAnchors;
        var procedure = RotationProcedures.Leaf(trust, next, mode, Rotations.Budget(ctx), Rotations.Workers, ctx.LoadRequests / 10);
        RotationRun run;
        try
        {
            run = await Rotations.RunAsync(ctx, procedure, Rotations.Spec(ctx), cancellationToken);
        }
        finally
        {
            await Rotations.RestoreAsync(ctx, ctx.RunCancellation);
        }

        var s = run.Load.Summary;
        var served = run.Step("new leaf served")!;
        var failures = Rotations.Judge(run, "install new leaf");
        if (mode == ReloadMode.Hot)
        {
            if (failures.Own > 0)
            {
                return Verdict.Fail($"{failures.Own} of {s.Total} requests failed during the rotation ({Rotations.Failures(failures.OwnByClass)}){failures.Deferred}; longest gap between successes {s.LongestGapMs:0.#} ms{(served.Completed ? string.Empty : $"; {served.Detail}")}");
            }

            if (!served.Completed)
            {
                return Rotations.NotServed(ctx, served, $"0 of {s.Total} requests failed meanwhile{failures.Deferred}", ownerWithoutBudget: true);
            }

            var sensitivity = await Sensitivity.GetAsync(ctx, cancellationToken);
            return sensitivity.DropsSeen
                ? Verdict.Pass($"0 of {s.Total} requests failed{(failures.CutByReload > 0 ? " of RT-01's kinds" : string.Empty)}{failures.Deferred}; the new leaf was served {served.AtMs + served.TookMs - run.MarkerMs("install new leaf")!.Value:0} ms after the change (budget {Rotations.Budget(ctx).TotalSeconds:0} s); longest gap {s.LongestGapMs:0.#} ms")
                : Verdict.Error($"0 of {s.Total} requests failed, but the measurement could not see drops on this target (RT-05: {sensitivity.Reason})");
        }

        if (!served.Completed)
        {
            return Rotations.NotServed(ctx, served, $"after the restart the new leaf was not served; {Rotations.FailureCount(s)} of {s.Total} requests failed ({Rotations.Failures(s.FailuresByClass)})", ownerWithoutBudget: true);
        }

        var downtime = Downtime(run);
        var budget = ctx.Profile.Claims.Reload!.DowntimeBudget;
        var measured = $"downtime {downtime:0} ms (last success before the change → first success with the new certificate), {Rotations.FailureCount(s)} of {s.Total} requests failed ({Rotations.Failures(s.FailuresByClass)})";
        return budget is null
            ? Verdict.NotApplicable($"reload.mode {mode.ToString().ToLowerInvariant()} without reload.downtimeBudget: {measured}")
            : downtime <= budget.Value.TotalMilliseconds
                ? Verdict.Pass($"{measured}; within the {budget.Value.TotalSeconds:0} s downtime budget")
                : Verdict.Fail($"{measured}; over the {budget.Value.TotalSeconds:0} s downtime budget");
    }

    /// <summary>Last success before the change to the first success served by the new certificate.</summary>
    private static double Downtime(RotationRun run)
    {
        var change = run.MarkerMs("install new leaf")!.Value;
        var newGeneration = run.Load.Generations.Count - 1;
        double lastBefore = 0;
        double? firstAfter = null;
        foreach (var r in run.Load.Records)
        {
            if (r.Outcome != RequestOutcome.Ok)
            {
                continue;
            }

            var at = run.Ms(r.StartTimestamp);
            if (at <= change)
            {
                lastBefore = Math.Max(lastBefore, at + (r.DurationMicros / 1000.0));
            }
            else if (r.Generation == newGeneration && (firstAfter is null || at < firstAfter))
            {
                firstAfter = at + (r.DurationMicros / 1000.0);
            }
        }

        return (firstAfter ?? double.NaN) - lastBefore;
    }
}
