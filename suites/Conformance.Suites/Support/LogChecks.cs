using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Logs;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Profiles;

namespace Conformance.Suites.Support;

/// <summary>
/// Shared machinery of the log suite: applicability, compiling a catalog pattern for this run, changing the served
/// pair and waiting (bounded) until it is served, evidence for matched lines, and the run's key fragments (LG-04).
/// </summary>
internal static partial class LogChecks
{
    /// <summary>How long to keep watching after a change's expected lines arrived, so a duplicate line shows up in its window.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>The private keys the log scenarios installed (LG-01, LG-03 write it; LG-04 reads it).</summary>
    public static readonly RunFact<InstalledKeyJournal> InstalledKeys = new("installed private keys", () => new InstalledKeyJournal());

    public static string? Applies(Profile p) => p.Logs is null ? "the profile names no log catalog (logs.catalog)" : null;

    /// <summary>The claims of log scenarios that change the served pair: a log catalog and a reload claim.</summary>
    public static string? ClaimedRotating(Profile p) => Applies(p) ?? Rotations.Claimed(p);

    /// <summary>
    /// Log scenarios that change the served pair, once their claims (<see cref="ClaimedRotating"/>) and the swap
    /// capability (<see cref="Rotations.Requires"/>) are met: hot reload only (a restart's lines are start lines, LG-02).
    /// </summary>
    public static string? AppliesRotating(Profile p) => Rotations.Applies(p) ?? (p.Claims.Reload!.Mode != ReloadMode.Hot
        ? $"the profile declares reload.mode {p.Claims.Reload.Mode.ToString().ToLowerInvariant()}: a change means a restart, whose lines are start lines (LG-02)"
        : null);

    public static IRunLogSources SourcesOf(ScenarioContext ctx) =>
        ctx.LogSources ?? throw new TargetException("the run has no log sources although the profile names a log catalog");

    /// <summary>
    /// The expectation's regex for this run: placeholders such as <c>{port:https}</c> replaced by their values — on the
    /// kubernetes target the container port, which is what the implementation listens on and logs.
    /// </summary>
    public static Regex Compile(ScenarioContext ctx, LogExpectation e) => LogMatcher.Compile(e.Pattern, ctx.LogPlaceholders);

    public static LogLineRecord Record(LogLine l) => new(l.ArrivedUtc, l.Source, l.Text);

    /// <summary>
    /// The window's matched lines; when none matched although some were due, also every line captured in the window
    /// (up to 20), so the report shows what was written instead (e.g. a start line naming another port).
    /// </summary>
    public static IEnumerable<LogLinesEvidence> Evidence(IRunLogSources sources, LogWindow w, string step, IReadOnlyList<LogLine> lines)
    {
        yield return new(sources.CatalogSource.Name, w.Pattern, [.. w.Matched.Select(Record)], $"{w.Expected} ({step})", w.Satisfied)
        {
            Step = step,
            ActionUtc = w.From,
            Observed = w.Seen,
        };
        if (!w.Satisfied && w.Matched.Count == 0)
        {
            var seen = lines.Where(l => l.ArrivedUtc >= w.From && l.ArrivedUtc < w.Until).ToList();
            yield return new(sources.CatalogSource.Name, "(every line)", [.. seen.Take(20).Select(Record)], $"the lines captured in the window instead ({seen.Count}{(seen.Count > 20 ? ", first 20 shown" : string.Empty)}); none matched '{w.Expectation.Name}'", false)
            {
                Step = step,
                ActionUtc = w.From,
            };
        }
    }

    /// <summary>
    /// Before a scenario acts on a freshly started target: waits (bounded by the start lines' own time) until every
    /// start line is there, so the first change never lands in the start's window. Normally it returns at once.
    /// </summary>
    public static async Task AwaitStartLinesAsync(ScenarioContext ctx, IRunLogSources sources, CancellationToken ct)
    {
        var due = sources.Catalog.After(LogTrigger.Start).Where(e => e.Count.Kind != LogCountKind.None).ToList();
        if (due.Count == 0)
        {
            return;
        }

        var patterns = due.Select(e => Compile(ctx, e)).ToList();
        var latest = sources.StartedUtc + due.Max(e => e.Within);
        while (ctx.Time.GetUtcNow() < latest)
        {
            var messages = sources.CatalogSource.Lines.Select(l => sources.Catalog.Read(l).Message).ToList();
            if (patterns.All(p => messages.Any(p.IsMatch)))
            {
                return;
            }

            await Task.Delay(PollInterval, ctx.Time, ct);
        }
    }

    /// <summary>Installs a pair through the target's actions (atomic swap, then the profile's reload) and returns when that is done.</summary>
    public static async Task<DateTimeOffset> ChangeAsync(ScenarioContext ctx, string certificatePem, string keyPem, CancellationToken ct)
    {
        var actions = Rotations.ActionsOf(ctx);
        var at = ctx.Time.GetUtcNow();
        await actions.ReplaceCertificateAsync(certificatePem, keyPem, ct);
        await actions.ReloadAsync(ct);
        return at;
    }

    public static Task<DateTimeOffset> ChangeAsync(ScenarioContext ctx, IssuedCertificate pair, CancellationToken ct)
    {
        Remember(ctx, pair);
        return ChangeAsync(ctx, PemWriter.CertificatesPem(pair.ServedChain), PemWriter.PrivateKeyPem(pair.Certificate), ct);
    }

    /// <summary>One fresh handshake (no resumption); the served leaf's SHA-256 or null when nothing was served.</summary>
    public static async Task<(string? Fingerprint, HandshakeEvidence Evidence)> ServedAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var ep = ctx.PrimaryTls!;
        using var hs = await ctx.Handshake.ConnectAsync(new HandshakeRequest(ep.Name, ep.Host, ep.Port, ep.ServerName), ct);
        return (hs.Leaf?.GetCertHashString(HashAlgorithmName.SHA256), hs.Evidence);
    }

    /// <summary>Polls (bounded) until a fresh handshake gets the certificate with this fingerprint.</summary>
    public static async Task<bool> WaitServedAsync(ScenarioContext ctx, string fingerprint, TimeSpan within, CancellationToken ct) =>
        await ServedWithinAsync(ctx, fingerprint, within, ct) is not null;

    /// <summary>
    /// Polls (bounded by <paramref name="within"/>) until a fresh handshake gets the certificate with this fingerprint;
    /// the ms since <paramref name="since"/> (a timestamp of <c>ctx.Time</c>; default: the call), or null.
    /// </summary>
    public static async Task<double?> ServedWithinAsync(ScenarioContext ctx, string fingerprint, TimeSpan within, CancellationToken ct, long? since = null)
    {
        var started = since ?? ctx.Time.GetTimestamp();
        while (ctx.Time.GetElapsedTime(started) < within)
        {
            if (string.Equals((await ServedAsync(ctx, ct)).Fingerprint, fingerprint, StringComparison.OrdinalIgnoreCase))
            {
                return ctx.Time.GetElapsedTime(started).TotalMilliseconds;
            }

            await Task.Delay(PollInterval * 2, ctx.Time, ct);
        }

        return null;
    }

    /// <summary>Keeps the private keys a log scenario installed, so LG-04 looks for them too.</summary>
    public static void Remember(ScenarioContext ctx, IssuedCertificate pair)
    {
        ctx.Fact(InstalledKeys).Add(Fragments(PemWriter.PrivateKeyPem(pair.Certificate)));
    }

    /// <summary>
    /// Base64 fragments of every private key of the run (PEM bodies, 32 characters every 16), the ones the PKI issued
    /// and the ones log scenarios installed. A key printed in a log leaves such fragments even when re-wrapped.
    /// </summary>
    public static IReadOnlyList<string> KeyFragments(ScenarioContext ctx)
    {
        var fragments = new List<string>();
        // The profile's own client identities (client.key, client.caKey) and the variants issued from them.
        var certificates = ctx.ClientCertificates.Values.SelectMany(c => c.WithPrivateKeys).ToList();
        if (ctx.Pki is { } pki)
        {
            certificates.Add(pki.ServerLeaf.Certificate);
            certificates.AddRange(pki.SniLeaves.Values.Select(l => l.Certificate));
            certificates.AddRange(pki.NamedLeaves.Values.Select(l => l.Certificate));
            certificates.AddRange(pki.Clients?.All.Select(c => c.Certificate) ?? []);
            if (pki.Issuer is { } issuer)
            {
                certificates.Add(issuer.Certificate);
            }

            if (pki.Root is { } root)
            {
                certificates.Add(root.Certificate);
            }
        }

        foreach (var c in certificates.Where(c => c.HasPrivateKey).DistinctBy(c => c.Thumbprint))
        {
            fragments.AddRange(Fragments(PemWriter.PrivateKeyPem(c)));
        }

        fragments.AddRange(ctx.Fact(InstalledKeys).Fragments);

        return [.. fragments.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>What key material a text holds, or null: a PEM private-key header, or a fragment of one of the run's keys.</summary>
    public static string? KeyMaterialIn(string text, IReadOnlyList<string> fragments)
    {
        if (PemKeyHeader().IsMatch(text))
        {
            // The header itself is not repeated: the report must not hold even that.
            return "a PEM private-key header";
        }

        return fragments.Any(f => text.Contains(f, StringComparison.Ordinal))
            ? "a base64 fragment of one of this run's private keys"
            : null;
    }

    private static IEnumerable<string> Fragments(string pem)
    {
        var body = string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => l.Trim()));
        return Enumerable.Range(0, Math.Max(1, (body.Length - 32) / 16)).Select(i => body.Substring(i * 16, Math.Min(32, body.Length - (i * 16))));
    }

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")]
    private static partial Regex PemKeyHeader();
}
