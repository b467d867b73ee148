using System.Text.RegularExpressions;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.SecretValidation;

/// <summary>
/// SV-03: a bad certificate delivered at runtime (corrupt, then mismatched) leaves the old one served, and the
/// failure is logged. The good pair is swapped back afterwards so the shared target is left as it was found.
/// </summary>
public sealed partial class SV03_BadRuntimeCertificateKeepsOld : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "SV-03",
        Suite: "secret-validation",
        Level: Level.Must,
        Title: "A bad runtime certificate keeps the old one served",
        Requirement: "A bad certificate delivered at runtime → the old one keeps being served, and the failure is logged.",
        Capability: "reload",
        NotApplicableBecause: p => p.Claims.Reload is not { Mode: ReloadMode.Hot }
            ? "the profile does not claim hot reload (claims.reload.mode: hot); a restarting implementation meets bad input at start (SV-01)"
            : p.Target.Kind is not (TargetKind.Process or TargetKind.Container or TargetKind.Kubernetes) || p.Pki.SelfSignedLeaf
                ? "runtime certificate swaps are implemented for the process, container and kubernetes targets with the harness CA"
                : Applies.WithTlsEndpoint(p))
    {
        ActsOnTarget = true,
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
        var problems = new List<string>();
        try
        {
            foreach (var (variant, cert, key) in new[]
            {
                ("corrupt certificate", SecretInputs.Garbage, SecretInputs.ServerKeyPem(pki)),
                ("mismatched pair", SecretInputs.ServerChainPem(pki), SecretInputs.ForeignKeyPem()),
            })
            {
                problems.AddRange(await TryBadPairAsync(ctx, ep, variant, cert, key, original, wait, cancellationToken));
            }
        }
        finally
        {
            // Leave the shared target as found: the original pair, served again.
            await ctx.Environment.ReplaceServerCertificateAsync(SecretInputs.ServerChainPem(pki), SecretInputs.ServerKeyPem(pki), ctx.RunCancellation);
            if (ctx.Environment.Actions is { } reload)
            {
                await reload.ReloadAsync(ctx.RunCancellation);
            }
            ctx.Add(new ActionEvidence("restore", "original certificate and key swapped back", ctx.Time.GetUtcNow(), 0));
        }

        return problems.Count == 0
            ? Verdict.Pass("after a corrupt certificate and after a mismatched pair, the old certificate kept being served and the refusal was logged")
            : Verdict.Fail(string.Join("; ", problems));
    }

    private static async Task<List<string>> TryBadPairAsync(ScenarioContext ctx, ResolvedEndpoint ep, string variant, string cert, string key, string original, TimeSpan wait, CancellationToken ct)
    {
        var problems = new List<string>();
        var logsBefore = ctx.Target.Logs.Count;
        var at = ctx.Time.GetUtcNow();
        var started = ctx.Time.GetTimestamp();
        await ctx.Environment.ReplaceServerCertificateAsync(cert, key, ct);
        if (ctx.Environment.Actions is { } actions)
        {
            // What the profile says makes the implementation look at new files (nothing, a signal, a command).
            await actions.ReloadAsync(ct);
        }

        ctx.Add(new ActionEvidence("swap", $"{variant} written into the live certificate folder (atomic ..data swap)", at, ctx.Time.GetElapsedTime(started).TotalMilliseconds));

        IReadOnlyList<Targets.LogLine> errors = [];
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

        ctx.Add(new LogLinesEvidence(ctx.Environment.LogSources is { } sources ? string.Join(", ", sources.All.Select(x => x.Name)) : "target output", ErrorLine().ToString(), [.. errors.Select(l => new LogLineRecord(l.ArrivedUtc, l.Source, l.Text))], $"an error line after the {variant}", errors.Count > 0));
        if (servedProblem is not null)
        {
            problems.Add(servedProblem);
        }

        if (errors.Count == 0)
        {
            problems.Add($"no error was logged within {wait.TotalSeconds:0} s of the {variant}");
        }

        return problems;
    }

    /// <summary>Output captured since the change, plus the lines of any log file the profile's catalog has the harness tail (nginx's error.log).</summary>
    private static IEnumerable<Targets.LogLine> Captured(ScenarioContext ctx, int outputBefore, DateTimeOffset since) =>
        ctx.Target.Logs.Skip(outputBefore).Concat(
            ctx.Environment.LogSources?.All.OfType<Conformance.Logs.FileLogSource>().SelectMany(f => f.Lines).Where(l => l.ArrivedUtc >= since) ?? []);

    // Plain "error" words, JSON severity/level fields, and syslog-style levels such as nginx's "[emerg]" and "[crit]".
    [GeneratedRegex(@"\berror\b|""severity""\s*:\s*""(error|critical|alert|emergency)""|""level""\s*:\s*""(error|fatal)""|\[(emerg|alert|crit|error)\]", RegexOptions.IgnoreCase)]
    private static partial Regex ErrorLine();
}
