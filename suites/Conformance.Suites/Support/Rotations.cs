using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Load;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Profiles;
using Conformance.Rotation;
using Conformance.Targets;

namespace Conformance.Suites.Support;

/// <summary>
/// Shared machinery of the rotation suite: applicability, the load around a rotation, evidence, and restoring the
/// original certificate afterwards so the shared target is left as it was found.
/// </summary>
internal static class Rotations
{
    public const int Workers = 8;

    /// <summary>What the rotation scenarios need of the target: swapping the served certificate while it runs.</summary>
    public const TargetCapability Requires = TargetCapability.SwapCertificate;

    /// <summary>What <see cref="Requires"/> is for, as the not-applicable reason words it.</summary>
    public const string RequiresFor = "rotating the served certificate";

    /// <summary>
    /// A rotation scenario's catalog entry: it acts on the target (one at a time), needs <c>claims.reload</c> and the
    /// capability to swap the served certificate; <paramref name="applies"/> is its own rule once those are met.
    /// </summary>
    public static ScenarioInfo Scenario(string id, string title, string requirement, Func<Profile, string?> applies, string capability = "reload") =>
        new(id, "rotation", Level.Must, title, requirement, capability, applies)
        {
            ActsOnTarget = true,
            NotClaimedBecause = Claimed,
            Requires = Requires,
            RequiresFor = RequiresFor,
        };

    /// <summary>The claim every rotation scenario needs, asked before the target's capabilities.</summary>
    public static string? Claimed(Profile p) =>
        p.Claims.Reload is null ? "the profile does not declare how certificates are reloaded (claims.reload)" : null;

    /// <summary>The rotation scenarios' own rule, once the claim (<see cref="Claimed"/>) and the capability (<see cref="Requires"/>) are met.</summary>
    public static string? Applies(Profile p) => Support.Applies.WithTlsEndpoint(p) ?? Support.Applies.WithOneCertificate(p);

    public static string? AppliesHot(Profile p) => Applies(p) ?? (p.Claims.Reload!.Mode != ReloadMode.Hot
        ? $"the profile declares reload.mode {p.Claims.Reload.Mode.ToString().ToLowerInvariant()}: rotation means a restart, judged by its downtime (RT-01)"
        : p.Pki.SelfSignedLeaf ? "CA rotation needs a CA; this profile's leaf is self-signed" : null);

    public static ReloadMode Mode(ScenarioContext ctx) => ctx.Profile.Claims.Reload!.Mode;

    public static TimeSpan Budget(ScenarioContext ctx) => ctx.Profile.Claims.Reload!.Budget ?? TimeSpan.FromSeconds(10);

    public static ITargetActions ActionsOf(ScenarioContext ctx) =>
        ctx.Actions ?? throw new TargetException($"the {ctx.Profile.Target.Kind.ToString().ToLowerInvariant()} target offers no rotation actions");

    public static LoadSpec Spec(ScenarioContext ctx, double keepAliveShare = 0.5, long? requests = null)
    {
        var ep = ctx.PrimaryTls!;
        return new LoadSpec
        {
            Host = ep.Host,
            Port = ep.Port,
            ServerName = ep.ServerName,
            Path = ApplicationContent.Path(ctx),
            Populations = [],
            KeepAliveShare = keepAliveShare,
            MaxRequests = (requests ?? ctx.LoadRequests) * 100,
            MaxDuration = TimeSpan.FromSeconds(90),
        };
    }

    /// <summary>
    /// The first sign that nothing was ever served: the primary endpoint's TLS control (the run's cached one) did not
    /// answer. A rotation load against such a target would only count timeouts for minutes and read as dropped
    /// requests, so the rotation scenarios end as an error before the load starts.
    /// </summary>
    public static async Task<string?> NothingServedAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var control = await Controls.TlsAsync(ctx, ctx.PrimaryTls!, ct);
        return control.Answered ? null : $"control not served: nothing was served before the rotation ({control.Words}); a load against it would count only timeouts";
    }

    /// <summary>Performs <paramref name="procedure"/> under the load; the run has at least <paramref name="minimumRequests"/> requests (default: 1% of the cap).</summary>
    public static async Task<RotationRun> RunAsync(ScenarioContext ctx, RotationProcedure procedure, LoadSpec spec, CancellationToken ct, long? minimumRequests = null)
    {
        var runner = new RotationRunner(new LoadEngine(ctx.Time), ctx.Time);
        var minimum = minimumRequests ?? spec.MaxRequests / 100;
        var run = await runner.RunAsync(procedure, spec, ActionsOf(ctx), Math.Max(100, minimum / 5), minimum, ct);
        ctx.Add(LoadEvidenceFactory.From(run.Load, ctx.PrimaryTls!.Name, $"{procedure.Name}: {run.Load.Summary.Total} requests, {Workers} workers"));
        foreach (var s in run.Steps)
        {
            ctx.Add(new ActionEvidence(s.Label, $"{s.Detail}{(s.Completed ? string.Empty : " (NOT COMPLETED)")}", run.Load.StartedUtc.AddMilliseconds(s.AtMs), s.TookMs));
        }

        return run;
    }

    /// <summary>
    /// The idle-close race on reused keep-alive connections (RFC 9112 §9.3.1): counted and shown, not a drop, because
    /// the server closed a connection before starting the request on it.
    /// </summary>
    public const string IdleCloseRace = "closed-before-response";

    /// <summary>Failures by class in words, e.g. "12 reset, 3 untrusted" (the idle-close race marked as not a drop).</summary>
    public static string Failures(IReadOnlyDictionary<string, long> byClass) =>
        byClass.Count == 0 ? "none" : string.Join(", ", byClass.OrderByDescending(kv => kv.Value).Select(kv => kv.Key == IdleCloseRace ? $"{kv.Value} {kv.Key} (idle keep-alive close race, not a drop)" : $"{kv.Value} {kv.Key}"));

    /// <summary>Dropped requests: every failure class but the idle-close race.</summary>
    public static long Drops(IReadOnlyDictionary<string, long> byClass) => byClass.Where(kv => kv.Key != IdleCloseRace).Sum(kv => kv.Value);

    public static long FailureCount(LoadSummary s) => Drops(s.FailuresByClass);

    /// <summary>
    /// How long after the new certificate was first served a cut still counts as the reload's: servers that reload by
    /// replacing workers (nginx) finish the old workers' connections shortly after the first new handshake.
    /// </summary>
    public static readonly TimeSpan CutWindowAfterServed = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A request cut on an established connection: reset or closed mid-request after its TLS handshake was complete
    /// and the request was being written or had been written (a refusal, a failed handshake or a timeout is not).
    /// </summary>
    public static bool IsCut(in RequestRecord r) =>
        r.Outcome is RequestOutcome.Reset or RequestOutcome.ClosedMidRequest && (r.Flags & (byte)RequestFlags.RequestSent) != 0;

    /// <summary>
    /// Splits the failed requests of a leaf or CA rotation by owner. A cut (<see cref="IsCut"/>) of a request in flight
    /// at any moment from the install marker to <see cref="CutWindowAfterServed"/> after the new certificate was first
    /// served is RT-03's (a connection cut by the reload); every other failure is the scenario's own. When the new
    /// certificate was never served in time there was no reload to cut connections, so nothing is RT-03's; then the
    /// failures of requests still in flight at or begun after <paramref name="consequencesFrom"/> (the old CA removed
    /// from the bundle while the leaf was still the old one: a handshake in flight may already check against the new
    /// trust) are a consequence of RT-04's fault and not counted as the scenario's.
    /// </summary>
    public static RotationFailures Judge(RotationRun run, string installLabel, string? consequencesFrom = null)
    {
        var from = run.MarkerMs(installLabel) ?? double.PositiveInfinity;
        var served = run.Step("new leaf served");
        var to = served is { Completed: true } ? served.AtMs + served.TookMs + CutWindowAfterServed.TotalMilliseconds : double.NegativeInfinity;
        var consequences = served is { Completed: true } || consequencesFrom is null ? double.PositiveInfinity : run.MarkerMs(consequencesFrom) ?? double.PositiveInfinity;
        var names = run.Load.Summary.Populations.Select(p => p.Name).ToList();
        var own = new Dictionary<string, long>(StringComparer.Ordinal);
        var byPopulation = names.Distinct(StringComparer.Ordinal).ToDictionary(n => n, _ => new Dictionary<string, long>(StringComparer.Ordinal), StringComparer.Ordinal);
        long cut = 0, consequence = 0;
        foreach (var r in run.Load.Records)
        {
            if (r.Outcome == RequestOutcome.Ok)
            {
                continue;
            }

            var start = run.Ms(r.StartTimestamp);
            var end = start + (r.DurationMicros / 1000.0);
            if (IsCut(r) && end >= from && start <= to)
            {
                cut++;
                continue;
            }

            if (end >= consequences)
            {
                consequence++;
                continue;
            }

            var name = LoadSummarizer.OutcomeName(r.Outcome);
            own[name] = own.GetValueOrDefault(name) + 1;
            if (r.Population < names.Count)
            {
                var p = byPopulation[names[r.Population]];
                p[name] = p.GetValueOrDefault(name) + 1;
            }
        }

        return new RotationFailures(own, byPopulation.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, long>)kv.Value, StringComparer.Ordinal), cut, consequence, from, to);
    }

    /// <summary>
    /// The verdict of a scenario whose rotation did not happen because the new certificate was not served within the
    /// reload budget: that is RT-04's fault, so the scenario defers to it with what it measured. Without a declared
    /// budget RT-04 does not judge, and RT-01 (<paramref name="ownerWithoutBudget"/>) keeps the fault, as before;
    /// the others defer to RT-01.
    /// </summary>
    public static Verdict NotServed(ScenarioContext ctx, StepOutcome served, string measured, bool ownerWithoutBudget = false) =>
        ctx.Profile.Claims.Reload?.Budget is { } budget
            ? Verdict.NotApplicable($"the new leaf was not served within the {budget.TotalSeconds:0} s reload budget, so the rotation this scenario judges did not happen (RT-04 judges the reload latency itself): {served.Detail}; {measured}")
            : ownerWithoutBudget
                ? Verdict.Fail($"{served.Detail} (no reload budget is declared, so RT-04 does not judge it; the default {Budget(ctx).TotalSeconds:0} s was used); {measured}")
                : Verdict.NotApplicable($"the new leaf was not served within the default {Budget(ctx).TotalSeconds:0} s, so the rotation this scenario judges did not happen (no reload budget is declared: RT-01 judges it): {served.Detail}; {measured}");

    /// <summary>
    /// Puts the original server certificate back and waits (bounded) until it is served again. A target that does not
    /// come back is noted in the evidence rather than thrown: the scenario's own verdict stands, and the scenarios
    /// after it see the state they find.
    /// </summary>
    public static async Task RestoreAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var pki = ctx.Pki!;
        var actions = ActionsOf(ctx);
        await actions.ReplaceCertificateAsync(PemWriter.CertificatesPem(pki.ServerLeaf.ServedChain), PemWriter.PrivateKeyPem(pki.ServerLeaf.Certificate), ct);
        await actions.ReloadAsync(ct);
        var budget = (Budget(ctx) * 4) + TimeSpan.FromSeconds(5);
        switch (Mode(ctx))
        {
            case ReloadMode.Restart:
                // A restarting implementation exits on the change and its supervisor starts it again (the kubelet on
                // kubernetes); one that did not exit in time is restarted by the harness.
                if (!await actions.RestartAfterExitAsync(budget, ct))
                {
                    await actions.RestartAsync(ct);
                }

                break;
            case ReloadMode.None:
                await actions.RestartAsync(ct);
                break;
        }

        var original = RotationProcedures.Fingerprint(pki.ServerLeaf);
        var ep = ctx.PrimaryTls!;
        var started = ctx.Time.GetTimestamp();

        // Stable, not just seen once: a server that reloads by replacing workers (nginx) can still answer a few new
        // connections with the previous certificate right after the first new one.
        var inARow = 0;
        while (ctx.Time.GetElapsedTime(started) < budget)
        {
            using var hs = await ctx.Handshake.ConnectAsync(new HandshakeRequest(ep.Name, ep.Host, ep.Port, ep.ServerName), ct);
            inARow = hs.Leaf is { } leaf && leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == original ? inARow + 1 : 0;
            if (inARow >= 20)
            {
                ctx.Add(new ActionEvidence("restore", "original certificate served again (20 handshakes in a row)", ctx.Time.GetUtcNow(), ctx.Time.GetElapsedTime(started).TotalMilliseconds));
                return;
            }

            if (inARow == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), ctx.Time, ct);
            }
        }

        ctx.Note($"restore: the original certificate was not served again within {budget.TotalSeconds:0} s of putting it back; later scenarios run against whatever the target serves");
    }
}
