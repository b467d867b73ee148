using System.Text.RegularExpressions;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.SecretValidation;

/// <summary>
/// SV-03: a bad certificate delivered at runtime (corrupt, then mismatched) leaves the old one served, and the
/// failure is logged. Keeping the old certificate is evidence only from a server that reloads at all, so a good new
/// certificate follows in the same run as the positive control and must be served within the reload budget; when it
/// is not, the reload itself is what failed, and that is RT-04's to judge. The good pair is swapped back afterwards
/// so the shared target is left as it was found.
/// </summary>
public sealed partial class SV03_BadRuntimeCertificateKeepsOld : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "SV-03",
        Suite: "secret-validation",
        Level: Level.Must,
        Title: "A bad runtime certificate keeps the old one served",
        Requirement: "A bad certificate delivered at runtime → the old one keeps being served, and the failure is logged (both within the reload budget). Positive control in the same run: a good new certificate delivered after the bad ones must be served within the reload budget; when it is not, keeping the old certificate is no evidence, so the scenario is not-applicable, naming RT-04 (which judges the reload latency), unless the bad certificate was demonstrably acted on (served, or handshakes failed).",
        Capability: "reload",
        NotApplicableBecause: p => p.Pki.SelfSignedLeaf ? "runtime certificate swaps need the harness CA (pki.selfSignedLeaf has none)" : Applies.WithTlsEndpoint(p) ?? Applies.WithOneCertificate(p))
    {
        ActsOnTarget = true,
        NotClaimedBecause = p => p.Claims.Reload is not { Mode: ReloadMode.Hot }
            ? "the profile does not claim hot reload (claims.reload.mode: hot); a restarting implementation meets bad input at start (SV-01)"
            : null,
        Requires = TargetCapability.SwapCertificate,
        RequiresFor = "a runtime certificate swap",
    };

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var pki = ctx.Pki!;
        var ep = ctx.PrimaryTls!;
        using (var before = await Tls.HandshakeAsync(ctx, ep, cancellationToken))
        {
            if (!Tls.Accepted(before))
            {
                return Verdict.Error($"the endpoint did not serve before the change: {Tls.Describe(before.Evidence)}");
            }
        }

        var original = pki.ServerLeaf.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var wait = ctx.Profile.Claims.Reload?.Budget ?? TimeSpan.FromSeconds(10);
        var actedOn = new List<string>();
        var unlogged = new List<string>();
        double? controlMs;
        using var control = pki.IssueReplacementLeaf(time: ctx.Time);
        var controlDelivered = false;
        try
        {
            foreach (var (variant, cert, key) in new[]
            {
                ("corrupt certificate", SecretInputs.Garbage, SecretInputs.ServerKeyPem(pki)),
                ("mismatched pair", SecretInputs.ServerChainPem(pki), SecretInputs.ForeignKeyPem()),
            })
            {
                var (served, logged) = await TryBadPairAsync(ctx, ep, variant, cert, key, original, wait, cancellationToken);
                if (served is not null)
                {
                    actedOn.Add(served);
                }

                if (logged is not null)
                {
                    unlogged.Add(logged);
                }
            }

            // The positive control: a good new pair, delivered the same way, must be served within the same budget.
            controlDelivered = true;
            controlMs = await DeliverAsync(ctx, "good new certificate (positive control)", PemWriter.CertificatesPem(control.ServedChain), PemWriter.PrivateKeyPem(control.Certificate), control.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), wait, cancellationToken);
        }
        finally
        {
            // Leave the shared target as found: the original pair, served again.
            await ctx.ReplaceServerCertificateAsync(SecretInputs.ServerChainPem(pki), SecretInputs.ServerKeyPem(pki), ctx.RunCancellation);
            if (ctx.Actions is { } reload)
            {
                await reload.ReloadAsync(ctx.RunCancellation);
            }

            if (controlDelivered)
            {
                // The control changed what is served: wait (bounded) until the original is back, so the scenarios
                // after this one do not meet the control's certificate.
                var back = await LogChecks.ServedWithinAsync(ctx, original, (wait * 4) + TimeSpan.FromSeconds(5), ctx.RunCancellation);
                ctx.Add(new ActionEvidence("restore", back is { } ms ? $"original certificate and key swapped back; served again after {ms:0} ms" : "original certificate and key swapped back; NOT served again within the bound", ctx.Time.GetUtcNow(), back ?? 0));
            }
            else
            {
                ctx.Add(new ActionEvidence("restore", "original certificate and key swapped back", ctx.Time.GetUtcNow(), 0));
            }
        }

        var controlWords = controlMs is { } c
            ? $"the good new certificate delivered after them (positive control) was served {c:0} ms after the change (budget {wait.TotalSeconds:0} s)"
            : $"the good new certificate delivered after them (positive control) was not served within {wait.TotalSeconds:0} s";
        if (actedOn.Count > 0)
        {
            // A bad pair swapped in (or a different certificate served) is the server acting on it: the reload works.
            return Verdict.Fail($"{string.Join("; ", actedOn.Concat(unlogged))}; {controlWords}");
        }

        if (controlMs is null)
        {
            return Verdict.NotApplicable($"{controlWords}, so the old certificate kept being served is no evidence that the bad ones were refused (RT-04 judges the reload latency itself): {(unlogged.Count == 0 ? "the refusals were logged" : string.Join("; ", unlogged))}");
        }

        return unlogged.Count == 0
            ? Verdict.Pass($"after a corrupt certificate and after a mismatched pair, the old certificate kept being served and the refusal was logged; {controlWords}")
            : Verdict.Fail($"{string.Join("; ", unlogged)} (the old certificate kept being served, the bad one silently ignored); {controlWords}");
    }

    /// <summary>Delivers a pair as the implementation's reload expects it and waits (bounded) until it is served; the ms it took, or null.</summary>
    private static async Task<double?> DeliverAsync(ScenarioContext ctx, string what, string cert, string key, string fingerprint, TimeSpan wait, CancellationToken ct)
    {
        var at = ctx.Time.GetUtcNow();
        var started = ctx.Time.GetTimestamp();
        await ctx.ReplaceServerCertificateAsync(cert, key, ct);
        if (ctx.Actions is { } actions)
        {
            await actions.ReloadAsync(ct);
        }

        var served = await LogChecks.ServedWithinAsync(ctx, fingerprint, wait, ct, started);
        ctx.Add(new ActionEvidence("control", served is { } ms ? $"{what} written into the live certificate folder; served after {ms:0} ms" : $"{what} written into the live certificate folder; NOT served within {wait.TotalSeconds:0} s", at, ctx.Time.GetElapsedTime(started).TotalMilliseconds));
        return served;
    }

    /// <summary>Delivers one bad pair; returns what was served instead of the old certificate, and the missing log line, each null when fine.</summary>
    private static async Task<(string? Served, string? Logged)> TryBadPairAsync(ScenarioContext ctx, ResolvedEndpoint ep, string variant, string cert, string key, string original, TimeSpan wait, CancellationToken ct)
    {
        var logsBefore = ctx.Target.Logs.Count;
        var at = ctx.Time.GetUtcNow();
        var started = ctx.Time.GetTimestamp();
        await ctx.ReplaceServerCertificateAsync(cert, key, ct);
        if (ctx.Actions is { } actions)
        {
            // What the profile says makes the implementation look at new files (nothing, a signal, a command).
            await actions.ReloadAsync(ct);
        }

        ctx.Add(new ActionEvidence("swap", $"{variant} written into the live certificate folder (atomic ..data swap)", at, ctx.Time.GetElapsedTime(started).TotalMilliseconds));

        IReadOnlyList<Conformance.Logs.LogLine> errors = [];
        string? servedProblem = null;
        while (ctx.Time.GetElapsedTime(started) < wait)
        {
            using var hs = await ctx.Handshake.ConnectAsync(new Probes.HandshakeRequest(ep.Name, ep.Host, ep.Port, ep.ServerName), ct);
            if (!Tls.Accepted(hs))
            {
                ctx.Add(hs.Evidence);
                servedProblem = $"after the {variant}, handshakes failed ({Tls.Describe(hs.Evidence)})";
                break;
            }

            if (!string.Equals(hs.Evidence.Chain[0].Sha256Fingerprint.Replace(":", string.Empty, StringComparison.Ordinal), original, StringComparison.OrdinalIgnoreCase))
            {
                ctx.Add(hs.Evidence);
                servedProblem = $"after the {variant}, a different certificate was served ({hs.Evidence.Chain[0].Subject})";
                break;
            }

            errors = [.. Captured(ctx, logsBefore, at).Where(l => ErrorLine().IsMatch(l.Text))];
            if (errors.Count > 0)
            {
                ctx.Add(hs.Evidence);
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ctx.Time, ct);
        }

        ctx.Add(new LogLinesEvidence(ctx.LogSources is { } sources ? string.Join(", ", sources.All.Select(x => x.Name)) : "target output", ErrorLine().ToString(), [.. errors.Select(l => new LogLineRecord(l.ArrivedUtc, l.Source, l.Text))], $"an error line after the {variant}", errors.Count > 0));
        return (servedProblem, errors.Count == 0 ? $"no error was logged within {wait.TotalSeconds:0} s of the {variant}" : null);
    }

    /// <summary>Output captured since the change, plus the lines of any log file the profile's catalog has the harness tail (nginx's error.log).</summary>
    private static IEnumerable<Conformance.Logs.LogLine> Captured(ScenarioContext ctx, int outputBefore, DateTimeOffset since) =>
        ctx.Target.Logs.Skip(outputBefore).Concat(
            ctx.LogSources?.All.OfType<Conformance.Logs.FileLogSource>().SelectMany(f => f.Lines).Where(l => l.ArrivedUtc >= since) ?? []);

    // Plain "error" words, JSON severity/level fields, and syslog-style levels such as nginx's "[emerg]" and "[crit]".
    [GeneratedRegex(@"\berror\b|""severity""\s*:\s*""(error|critical|alert|emergency)""|""level""\s*:\s*""(error|fatal)""|\[(emerg|alert|crit|error)\]", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorLine();
}
