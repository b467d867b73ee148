using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Load;
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

    public static string? Applies(Profile p)
    {
        if (p.Claims.Reload is null)
        {
            return "the profile does not declare how certificates are reloaded (claims.reload)";
        }

        if (p.Target.Kind is TargetKind.Endpoint)
        {
            return "the endpoint target cannot act on the implementation (rotation needs actions)";
        }

        return Applies_(p);
    }

    public static string? AppliesHot(Profile p) => Applies(p) ?? (p.Claims.Reload!.Mode != ReloadMode.Hot
        ? $"the profile declares reload.mode {p.Claims.Reload.Mode.ToString().ToLowerInvariant()}: rotation means a restart, judged by its downtime (RT-01)"
        : p.Pki.SelfSignedLeaf ? "CA rotation needs a CA; this profile's leaf is self-signed" : null);

    public static ReloadMode Mode(ScenarioContext ctx) => ctx.Profile.Claims.Reload!.Mode;

    public static TimeSpan Budget(ScenarioContext ctx) => ctx.Profile.Claims.Reload!.Budget ?? TimeSpan.FromSeconds(10);

    public static ITargetActions ActionsOf(ScenarioContext ctx) =>
        ctx.Environment.Actions ?? throw new TargetException($"the {ctx.Profile.Target.Kind.ToString().ToLowerInvariant()} target offers no rotation actions");

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
            MaxRequests = (requests ?? ctx.Options.LoadRequests) * 100,
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

    public static async Task<RotationRun> RunAsync(ScenarioContext ctx, RotationProcedure procedure, LoadSpec spec, CancellationToken ct)
    {
        var runner = new RotationRunner(new LoadEngine(ctx.Time), ctx.Time);
        var minimum = spec.MaxRequests / 100;
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

    private static string? Applies_(Profile p) => Support.Applies.WithTlsEndpoint(p);
}
