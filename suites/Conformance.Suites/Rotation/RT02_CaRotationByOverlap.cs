using System.Security.Cryptography.X509Certificates;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Rotation;
using Conformance.Suites.Support;

namespace Conformance.Suites.Rotation;

/// <summary>RT-02: CA rotation by overlap under load from two client populations, with zero failures across both.</summary>
public sealed class RT02_CaRotationByOverlap : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "RT-02",
        Suite: "rotation",
        Level: Level.Must,
        Title: "CA rotation by overlap drops nothing",
        Requirement: "CA rotation by overlap (trust old+new → new leaf → drop old CA), two client populations (old-trust and new-trust), zero failures across both.",
        Capability: "reload",
        NotApplicableBecause: Rotations.AppliesHot)
    {
        ActsOnTarget = true,
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
        var procedure = RotationProcedures.CaByOverlap(oldCa, newCa, next, Rotations.Budget(ctx), Rotations.Workers / 2, ctx.Options.LoadRequests / 10);
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
        var notDone = run.Steps.Where(x => !x.Completed).ToList();
        if (notDone.Count > 0)
        {
            return Verdict.Fail($"the procedure could not complete: {string.Join("; ", notDone.Select(x => $"{x.Label}: {x.Detail}"))}; {Rotations.FailureCount(s)} of {s.Total} requests failed");
        }

        var populations = string.Join("; ", s.Populations.Select(p => $"{p.Name}: {Rotations.Drops(p.FailuresByClass)} of {p.Total} dropped ({Rotations.Failures(p.FailuresByClass)})"));
        if (Rotations.FailureCount(s) > 0)
        {
            return Verdict.Fail($"requests failed during the CA rotation: {populations}");
        }

        var sensitivity = await Sensitivity.GetAsync(ctx, cancellationToken);
        return sensitivity.DropsSeen
            ? Verdict.Pass($"0 of {s.Total} requests failed across both populations ({populations})")
            : Verdict.Error($"no request failed, but the measurement could not see drops on this target (RT-05: {sensitivity.Reason})");
    }
}
