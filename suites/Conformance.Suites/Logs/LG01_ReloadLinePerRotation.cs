using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Logs;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Rotation;
using Conformance.Suites.Support;

namespace Conformance.Suites.Logs;

/// <summary>
/// LG-01: after each rotation step that changes the served pair — a leaf rotation, the CA rotation's reissue from
/// the new CA, and putting the original back — the catalog's rotation lines appear after the change, once per change
/// (the window of a change ends where the next begins). A line that promises the new pair is served
/// (<c>servedWhenLogged</c>, queue-proxy's "… were reloaded.") is checked by a fresh handshake begun after the line
/// arrived: it must get the new certificate.
/// </summary>
public sealed class LG01_ReloadLinePerRotation : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "LG-01",
        Suite: "logs",
        Level: Level.Must,
        Title: "The reload line follows each rotation, once per change",
        Requirement: "After each rotation the reload line appears, after the change, once per change.",
        Capability: "logs",
        NotApplicableBecause: p => LogChecks.AppliesRotating(p) ?? (p.Logs!.Catalog.After(LogTrigger.Rotation).Any()
            ? null
            : $"the log catalog '{p.Logs.Catalog.Name}' lists no line expected after a rotation (when.after: rotation)"))
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
        var expectations = sources.Catalog.After(LogTrigger.Rotation).ToList();
        var patterns = expectations.ToDictionary(e => e, e => LogChecks.Compile(ctx, e));
        var budget = Rotations.Budget(ctx);

        using var nextCa = pki.Spec.SelfSignedLeaf ? null : CertificateAuthority.CreateRoot("Conformance Root CA (log rotation)", time: ctx.Time);
        using var leaf = pki.IssueReplacementLeaf(time: ctx.Time);
        using var reissued = nextCa is null ? null : pki.IssueReplacementLeaf(nextCa, ctx.Time);
        var steps = new List<(string Step, IssuedCertificate Pair)> { ("leaf rotation, step 'install new leaf'", leaf) };
        if (reissued is not null)
        {
            // The CA rotation's other steps change what clients trust, not what the server holds: no line is due for them.
            steps.Add(("CA rotation by overlap, step 'leaf reissued from the new CA'", reissued));
        }

        steps.Add(("restore, step 'original pair put back'", pki.ServerLeaf));

        await LogChecks.AwaitStartLinesAsync(ctx, sources, cancellationToken);
        var problems = new List<string>();
        var changes = new List<(string Step, DateTimeOffset At)>();
        var restored = false;
        try
        {
            foreach (var (step, pair) in steps)
            {
                var at = await LogChecks.ChangeAsync(ctx, pair, cancellationToken);
                changes.Add((step, at));
                ctx.Add(new ActionEvidence(step, $"certificate {RotationProcedures.Fingerprint(pair)[..16]}… installed (atomic ..data swap, then the profile's reload)", at, 0));
                problems.AddRange(await FollowAsync(ctx, sources, step, at, RotationProcedures.Fingerprint(pair), expectations, patterns, budget, cancellationToken));
                restored = pair == pki.ServerLeaf;
            }
        }
        finally
        {
            if (!restored)
            {
                await Rotations.RestoreAsync(ctx, ctx.RunCancellation);
            }
        }

        // Each change's window runs to the next change (the last one's to now): "once per change" counts every line in it.
        var lines = sources.CatalogSource.Lines;
        var end = ctx.Time.GetUtcNow();
        for (var i = 0; i < changes.Count; i++)
        {
            var until = i + 1 < changes.Count ? changes[i + 1].At : end;
            foreach (var e in expectations)
            {
                var window = LogMatcher.Match(sources.Catalog, e, patterns[e], lines, changes[i].At, until);
                foreach (var evidence in LogChecks.Evidence(sources, window, changes[i].Step, lines))
                {
                    ctx.Add(evidence);
                }

                if (!window.Satisfied)
                {
                    problems.Add($"{changes[i].Step}: expected {window.Expected}, {window.Seen}");
                }
            }
        }

        return problems.Count == 0
            ? Verdict.Pass($"after each of the {changes.Count} changes the rotation lines ({string.Join(", ", expectations.Select(e => $"'{e.Name}' {e.Count}"))}) appeared after the change, within their time{(expectations.Any(e => e.ServedWhenLogged) ? ", and the new pair was already served when the line arrived" : string.Empty)}")
            : Verdict.Fail(string.Join("; ", problems));
    }

    /// <summary>
    /// Watches one change until its lines arrived and the new pair is served (both bounded), probing right after each
    /// line that promises the new pair, then settles so a duplicate line lands in this change's window.
    /// </summary>
    private static async Task<List<string>> FollowAsync(ScenarioContext ctx, IRunLogSources sources, string step, DateTimeOffset at, string fingerprint, IReadOnlyList<LogExpectation> expectations, IReadOnlyDictionary<LogExpectation, System.Text.RegularExpressions.Regex> patterns, TimeSpan budget, CancellationToken ct)
    {
        var problems = new List<string>();
        var probed = new HashSet<LogExpectation>();
        var served = false;
        var wait = expectations.Select(e => e.Within).Append(budget).Max();
        var started = ctx.Time.GetTimestamp();
        while (ctx.Time.GetElapsedTime(started) < wait)
        {
            var lines = sources.CatalogSource.Lines;
            var due = false;
            foreach (var e in expectations)
            {
                var matched = LogMatcher.Match(sources.Catalog, e, patterns[e], lines, at, DateTimeOffset.MaxValue).Matched;
                due |= e.Count.Kind != LogCountKind.None && matched.Count < Math.Max(1, e.Count.N);
                if (e.ServedWhenLogged && matched.Count > 0 && probed.Add(e))
                {
                    // The handshake starts after the line arrived (it was read from the captured lines just now).
                    var line = matched[0];
                    var probeAt = ctx.Time.GetUtcNow();
                    var (got, evidence) = await LogChecks.ServedAsync(ctx, ct);
                    if (got != fingerprint)
                    {
                        ctx.Add(new LogLinesEvidence(sources.CatalogSource.Name, patterns[e].ToString(), [LogChecks.Record(line)], $"a handshake begun after '{e.Name}' arrived gets the new certificate ({step})", false)
                        {
                            Step = step,
                            ActionUtc = at,
                            Observed = $"a handshake begun {(probeAt - line.ArrivedUtc).TotalMilliseconds:0} ms after the line got {(got is null ? "no certificate" : "the previous certificate")}: the line came before the new pair was served",
                        });
                        ctx.Add(evidence);
                        problems.Add($"{step}: the line '{e.Name}' arrived at {line.ArrivedUtc:HH:mm:ss.fff} promising the new pair, but a handshake begun {(probeAt - line.ArrivedUtc).TotalMilliseconds:0} ms later got {(got is null ? "no certificate" : "the previous certificate")}");
                    }
                    else
                    {
                        served = true;
                        ctx.Note($"{step}: a handshake begun {(probeAt - line.ArrivedUtc).TotalMilliseconds:0} ms after the line '{e.Name}' arrived got the new certificate");
                    }
                }
            }

            served = served || (await LogChecks.ServedAsync(ctx, ct)).Fingerprint == fingerprint;
            if (served && !due)
            {
                break;
            }

            await Task.Delay(LogChecks.PollInterval, ctx.Time, ct);
        }

        if (!served)
        {
            ctx.Note($"{step}: the new certificate was not served within {wait.TotalSeconds:0.#} s of the change");
        }

        await Task.Delay(LogChecks.Settle, ctx.Time, ct);
        return problems;
    }
}
