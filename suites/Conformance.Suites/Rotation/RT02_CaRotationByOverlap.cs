using System.Security.Cryptography.X509Certificates;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Rotation;
using Conformance.Suites.Support;

namespace Conformance.Suites.Rotation;

/// <summary>
/// RT-02: CA rotation by overlap under load from two client populations, with zero failures across both. A connection
/// cut by the reload is RT-03's; a new leaf not served within the budget is RT-04's, and RT-02 then defers.
/// </summary>
public sealed class RT02_CaRotationByOverlap : IScenario
{
    public ScenarioInfo Info { get; } = Rotations.Scenario(
        "RT-02",
        "CA rotation by overlap drops nothing",
        "CA rotation by overlap (trust old+new → new leaf → drop old CA), two client populations (old-trust and new-trust), zero failures across both (refused connections, failed handshakes, a wrong or untrusted certificate, timeouts, error statuses). A request cut mid-request on an established connection while the reload happens (from the change until 2 s after the new leaf was first served) is counted and shown but judged by RT-03. When the new leaf is not served within the reload budget the rotation did not happen: not-applicable, naming RT-04, with what was measured (the old-trust population's failures after the old CA was removed are then a consequence of the unserved leaf), unless requests failed of their own before that (without a declared reload.budget it names RT-01, which then judges it).",
        Rotations.AppliesHot) with
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
        using var nextCa = CertificateAuthority.CreateRoot("Conformance Root CA (next)", time: ctx.Time);
        using var next = pki.IssueReplacementLeaf(nextCa, ctx.Time);
        using var oldCa = X509CertificateLoader.LoadCertificate(pki.Root!.Certificate.RawData);
        using var newCa = X509CertificateLoader.LoadCertificate(nextCa.Certificate.RawData);
        var procedure = RotationProcedures.CaByOverlap(oldCa, newCa, next, Rotations.Budget(ctx), Rotations.Workers / 2, ctx.LoadRequests / 10);
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
        var failures = Rotations.Judge(run, "leaf reissued from the new CA", consequencesFrom: "old CA removed from the bundle");
        var populations = string.Join("; ", s.Populations.Select(p => $"{p.Name}: {Rotations.Drops(failures.OwnByPopulation[p.Name])} of {p.Total} dropped ({Rotations.Failures(failures.OwnByPopulation[p.Name])})"));
        if (failures.Own > 0)
        {
            return Verdict.Fail($"requests failed during the CA rotation: {populations}{failures.Deferred}{(served.Completed ? string.Empty : $"; {served.Detail}")}");
        }

        if (!served.Completed)
        {
            return Rotations.NotServed(ctx, served, $"0 of {s.Total} requests failed before the old CA was removed{failures.Deferred}");
        }

        var notDone = run.Steps.Where(x => !x.Completed).ToList();
        if (notDone.Count > 0)
        {
            return Verdict.Fail($"the procedure could not complete: {string.Join("; ", notDone.Select(x => $"{x.Label}: {x.Detail}"))}; {failures.Own} of {s.Total} requests failed{failures.Deferred}");
        }

        var sensitivity = await Sensitivity.GetAsync(ctx, cancellationToken);
        return sensitivity.DropsSeen
            ? Verdict.Pass($"0 of {s.Total} requests failed across both populations ({populations}){failures.Deferred}")
            : Verdict.Error($"no request failed, but the measurement could not see drops on this target (RT-05: {sensitivity.Reason})");
    }
}
