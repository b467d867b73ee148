using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Logs;
using Conformance.Model;
using Conformance.Rotation;
using Conformance.Suites.Support;

namespace Conformance.Suites.Logs;

/// <summary>
/// LG-03: a clean rotation (a valid new leaf, then the original back) logs no error-level line by the catalog's rule
/// (JSON severity/level at or above its floor, or its text pattern). So the check cannot pass blind, the same rule
/// must then see at least one error-level line when a corrupt certificate is delivered; otherwise the verdict is error.
/// </summary>
public sealed class LG03_NoErrorOnCleanRotation : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "LG-03",
        Suite: "logs",
        Level: Level.Must,
        Title: "No error-level line during a clean rotation",
        Requirement: "No error-level line (JSON severity/level ≥ error, or the catalog's text rule) during a clean rotation.",
        Capability: "logs",
        NotApplicableBecause: p => LogChecks.AppliesRotating(p) ?? (p.Logs!.Catalog.Errors is null
            ? $"the log catalog '{p.Logs.Catalog.Name}' declares no error rule (errors: atLeast or pattern)"
            : null))
    {
        ActsOnTarget = true,
        NotClaimedBecause = LogChecks.ClaimedRotating,
        Requires = Rotations.Requires,
        RequiresFor = Rotations.RequiresFor,
        Produces = [LogChecks.InstalledKeys],
    };

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var pki = ctx.Pki!;
        var sources = LogChecks.SourcesOf(ctx);
        var catalog = sources.Catalog;
        var budget = Rotations.Budget(ctx);
        using var next = pki.IssueReplacementLeaf(time: ctx.Time);
        var original = RotationProcedures.Fingerprint(pki.ServerLeaf);
        await LogChecks.AwaitStartLinesAsync(ctx, sources, cancellationToken);
        IReadOnlyList<LogEntry> errors;
        DateTimeOffset from;
        bool sensitive;
        try
        {
            from = await LogChecks.ChangeAsync(ctx, next, cancellationToken);
            ctx.Add(new ActionEvidence("clean rotation", "a valid new leaf installed", from, 0));
            var newServed = await LogChecks.WaitServedAsync(ctx, RotationProcedures.Fingerprint(next), budget, cancellationToken);
            await Task.Delay(LogChecks.Settle, ctx.Time, cancellationToken);
            var back = await LogChecks.ChangeAsync(ctx, pki.ServerLeaf, cancellationToken);
            ctx.Add(new ActionEvidence("clean rotation", "the original pair put back", back, (back - from).TotalMilliseconds));
            var backServed = await LogChecks.WaitServedAsync(ctx, original, budget, cancellationToken);
            await Task.Delay(LogChecks.Settle, ctx.Time, cancellationToken);
            var until = ctx.Time.GetUtcNow();
            if (!newServed || !backServed)
            {
                return Verdict.Error($"the rotation did not complete within {budget.TotalSeconds:0} s per change (new leaf served: {newServed}, original back: {backServed}); a clean rotation is what LG-03 judges");
            }

            errors = LogMatcher.Errors(catalog, sources.CatalogSource.Lines, from, until);
            ctx.Add(new LogLinesEvidence(sources.CatalogSource.Name, catalog.Errors!.ToString(), [.. errors.Select(e => LogChecks.Record(e.Line))], "no error-level line from the first change until 1 s after the original was served again", errors.Count == 0)
            {
                Step = "clean rotation (new leaf, then the original back)",
                ActionUtc = from,
            });
            sensitive = errors.Count > 0 || await SeesRefusalAsync(ctx, sources, budget, cancellationToken);
        }
        finally
        {
            await Rotations.RestoreAsync(ctx, ctx.RunCancellation);
        }

        if (errors.Count > 0)
        {
            return Verdict.Fail($"{errors.Count} error-level line(s) during a clean rotation ({catalog.Errors}): {Trim(errors[0].Message)}");
        }

        return sensitive
            ? Verdict.Pass($"no error-level line ({catalog.Errors}) during the clean rotation; the same rule saw the refusal of a corrupt certificate, so it is not blind")
            : Verdict.Error($"no error-level line during the clean rotation, but the rule ({catalog.Errors}) saw none either when a corrupt certificate was delivered: the check would be blind on this catalog");
    }

    /// <summary>The sensitivity check: a corrupt certificate must produce at least one error-level line by the catalog's rule.</summary>
    private static async Task<bool> SeesRefusalAsync(ScenarioContext ctx, IRunLogSources sources, TimeSpan budget, CancellationToken ct)
    {
        var at = await LogChecks.ChangeAsync(ctx, SecretInputs.Garbage, SecretInputs.ServerKeyPem(ctx.Pki!), ct);
        ctx.Add(new ActionEvidence("sensitivity check", "a corrupt certificate delivered: the error rule must see its refusal", at, 0));
        var started = ctx.Time.GetTimestamp();
        IReadOnlyList<LogEntry> seen = [];
        while (ctx.Time.GetElapsedTime(started) < budget && seen.Count == 0)
        {
            await Task.Delay(LogChecks.PollInterval * 4, ctx.Time, ct);
            seen = LogMatcher.Errors(sources.Catalog, sources.CatalogSource.Lines, at, DateTimeOffset.MaxValue);
        }

        ctx.Add(new LogLinesEvidence(sources.CatalogSource.Name, sources.Catalog.Errors!.ToString(), [.. seen.Take(3).Select(e => LogChecks.Record(e.Line))], "at least one error-level line after a corrupt certificate (sensitivity check of the rule)", seen.Count > 0)
        {
            Step = "sensitivity check (corrupt certificate)",
            ActionUtc = at,
        });
        return seen.Count > 0;
    }

    private static string Trim(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
