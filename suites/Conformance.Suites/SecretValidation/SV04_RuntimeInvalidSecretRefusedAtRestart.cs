using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Probes;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.SecretValidation;

/// <summary>
/// SV-04: the served Secret is replaced by an invalid one while the implementation runs; the restart that follows
/// must refuse to start. SV-01 starts a fresh instance with a bad input; this is the path a running system takes
/// (Flux: "Invalid secret types, or content, will cause the controller to fail to start" and a changed Secret triggers
/// the restart), where state from before the change (a pair cached from the last good start) can survive it. The
/// positive control, in the same run and on the same endpoint, is the valid Secret restored and the implementation
/// restarted again: it must serve, which is also the cleanup. What the running instance did between the change and
/// the restart is reported, not judged.
/// </summary>
public sealed class SV04_RuntimeInvalidSecretRefusedAtRestart : IScenario
{
    // How long the running instance is watched after the change, for the report only.
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(3);

    public ScenarioInfo Info { get; } = new(
        Id: "SV-04",
        Suite: "secret-validation",
        Level: Level.Must,
        Title: "An invalid Secret delivered at runtime is refused at restart",
        Requirement: "The served Secret replaced at runtime by an invalid one (tls.crt not a certificate), then the implementation restarted → it refuses to start; serving the pair it had before the change (kept from the last good start) is the failure this scenario owns. Positive control in the same run: the valid Secret restored and the implementation restarted serves again. What the running instance did between the change and the restart is reported as evidence, not judged. A restarted instance serving a certificate of its own (the invalid Secret ignored at any start) is SV-01's.",
        Capability: "secret",
        NotApplicableBecause: p => p.Pki.SelfSignedLeaf
            ? "the positive control restores the harness-issued pair, which pki.selfSignedLeaf does not have"
            : Applies.WithTlsEndpoint(p) ?? Applies.WithOneCertificate(p))
    {
        ActsOnTarget = true,
        NotClaimedBecause = SecretInputs.Claimed,
        Requires = TargetCapability.SwapCertificate | TargetCapability.Restart | TargetCapability.SwapCertificateWhileDown,
        RequiresFor = "replacing the served Secret, restarting the implementation and putting the good Secret back while it is down",
    };

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var pki = ctx.Pki ?? throw new InvalidOperationException("secret validation needs the harness PKI");
        var actions = ctx.Actions ?? throw new InvalidOperationException("SV-04 declares the swap and restart capabilities");
        var ep = ctx.PrimaryTls!;
        string original;
        using (var before = await Tls.HandshakeAsync(ctx, ep, cancellationToken))
        {
            if (!Tls.Accepted(before))
            {
                return Verdict.Error($"the endpoint did not serve before the change: {Tls.Describe(before.Evidence)}");
            }

            original = Fingerprint(before.Evidence);
        }

        var restored = false;
        try
        {
            var at = ctx.Time.GetUtcNow();
            var started = ctx.Time.GetTimestamp();
            await ctx.ReplaceServerCertificateAsync(SecretInputs.Garbage, SecretInputs.ServerKeyPem(pki), cancellationToken);
            ctx.Add(new ActionEvidence("swap", "the served Secret replaced by an invalid one (tls.crt is not a certificate) while the implementation runs", at, ctx.Time.GetElapsedTime(started).TotalMilliseconds));
            ctx.Note($"the running instance after the change (reported, not judged; watched {Watch.TotalSeconds:0} s): {await WatchAsync(ctx, ep, original, cancellationToken)}");

            var (refused, restartDetail) = await RestartAsync(ctx, actions, "restart with the invalid Secret", cancellationToken);
            string? servedAfter = null;
            if (refused)
            {
                using var after = await ctx.Handshake.ConnectAsync(new HandshakeRequest(ep.Name, ep.Host, ep.Port, ep.ServerName), cancellationToken);
                ctx.Note($"after the refused restart the endpoint {(Tls.Accepted(after) ? $"still served {Describe(after.Evidence, original)} (an old instance kept serving)" : $"served nothing ({Tls.Describe(after.Evidence)})")} (reported, not judged)");
            }
            else
            {
                using var served = await Tls.HandshakeAsync(ctx, ep, cancellationToken);
                servedAfter = Tls.Accepted(served) ? Fingerprint(served.Evidence) : null;
                if (servedAfter is null)
                {
                    refused = true;
                    restartDetail = $"the restart reported ready, but the endpoint served nothing: {Tls.Describe(served.Evidence)}";
                }
            }

            // The positive control and the cleanup: the valid Secret back, restarted, served.
            await ctx.ReplaceServerCertificateAsync(SecretInputs.ServerChainPem(pki), SecretInputs.ServerKeyPem(pki), ctx.RunCancellation);
            var (controlRefused, controlDetail) = await RestartAsync(ctx, actions, "restart with the valid Secret restored (positive control)", ctx.RunCancellation);
            restored = true;
            string? control = null;
            if (!controlRefused)
            {
                using var back = await Tls.HandshakeAsync(ctx, ep, ctx.RunCancellation);
                control = Tls.Accepted(back) ? Fingerprint(back.Evidence) : null;
            }

            if (servedAfter is not null)
            {
                return string.Equals(servedAfter, original, StringComparison.OrdinalIgnoreCase)
                    ? Verdict.Fail($"restarted with the invalid Secret, it started and served the certificate it had before the change (sha256 {Short(original)}): a pair kept from before was served instead of refusing to start")
                    : Verdict.NotApplicable($"restarted with the invalid Secret, it started and served a certificate of its own (sha256 {Short(servedAfter)}), neither the Secret's nor the one before the change: the invalid Secret is ignored at any start, which SV-01 judges");
            }

            if (control is null)
            {
                return Verdict.Error($"the restart with the invalid Secret failed ({restartDetail}), but the positive control failed too: with the valid Secret restored the restart {(controlRefused ? $"failed ({controlDetail})" : "reported ready, yet the endpoint served nothing")}, so the refusal is no evidence about the Secret");
            }

            return Verdict.Pass($"restarted after the Secret was replaced by an invalid one, it refused to start ({restartDetail}); with the valid Secret restored the restart served again (positive control, sha256 {Short(control)})");
        }
        finally
        {
            if (!restored)
            {
                // Leave the shared target as found, even when the scenario ended early.
                await ctx.ReplaceServerCertificateAsync(SecretInputs.ServerChainPem(pki), SecretInputs.ServerKeyPem(pki), ctx.RunCancellation);
                await RestartAsync(ctx, actions, "restore after an interrupted attempt", ctx.RunCancellation);
            }
        }
    }

    /// <summary>Restarts through the driver; (true, why) when the implementation did not come up, the driver's words included.</summary>
    private static async Task<(bool Refused, string Detail)> RestartAsync(ScenarioContext ctx, Targets.ITargetActions actions, string what, CancellationToken ct)
    {
        var at = ctx.Time.GetUtcNow();
        var started = ctx.Time.GetTimestamp();
        try
        {
            await actions.RestartAsync(ct);
            ctx.Add(new ActionEvidence("restart", $"{what}: started and ready", at, ctx.Time.GetElapsedTime(started).TotalMilliseconds));
            return (false, "started and ready");
        }
        catch (TargetException e)
        {
            ctx.Add(new ActionEvidence("restart", $"{what}: did not start: {e.Message}", at, ctx.Time.GetElapsedTime(started).TotalMilliseconds));
            return (true, e.Message);
        }
    }

    /// <summary>Handshakes every 250 ms for <see cref="Watch"/>; what the endpoint served, in order of change.</summary>
    private static async Task<string> WatchAsync(ScenarioContext ctx, ResolvedEndpoint ep, string original, CancellationToken ct)
    {
        var started = ctx.Time.GetTimestamp();
        var seen = new List<string>();
        while (ctx.Time.GetElapsedTime(started) < Watch)
        {
            using var hs = await ctx.Handshake.ConnectAsync(new HandshakeRequest(ep.Name, ep.Host, ep.Port, ep.ServerName), ct);
            var now = Tls.Accepted(hs) ? $"served {Describe(hs.Evidence, original)}" : $"served nothing ({Tls.Describe(hs.Evidence)})";
            if (seen.Count == 0 || !seen[^1].EndsWith(now, StringComparison.Ordinal))
            {
                seen.Add($"at {ctx.Time.GetElapsedTime(started).TotalMilliseconds:0} ms {now}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ctx.Time, ct);
        }

        return string.Join("; ", seen);
    }

    private static string Describe(HandshakeEvidence e, string original) =>
        string.Equals(Fingerprint(e), original, StringComparison.OrdinalIgnoreCase) ? "the certificate from before the change" : $"another certificate ({e.Chain[0].Subject})";

    private static string Fingerprint(HandshakeEvidence e) => e.Chain[0].Sha256Fingerprint.Replace(":", string.Empty, StringComparison.Ordinal);

    private static string Short(string fingerprint) => fingerprint[..Math.Min(16, fingerprint.Length)];
}
