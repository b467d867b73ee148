using System.Security.Cryptography;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Suites.Support;

/// <summary>
/// Bad certificate inputs for the secret-validation scenarios, written into the run workspace (0600), and the
/// judgement of a start attempt: the implementation must refuse to start, exit non-zero and say why.
/// </summary>
internal static class SecretInputs
{
    public const string Garbage = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";

    public static bool UsesSecret(Profile p) => p.Target.Args.Any(a => a.Contains("{pki:secret}", StringComparison.Ordinal));

    public static bool UsesFiles(Profile p) =>
        p.Target.Args.Any(a => a.Contains("{pki:cert}", StringComparison.Ordinal)) && p.Target.Args.Any(a => a.Contains("{pki:key}", StringComparison.Ordinal));

    /// <summary>What the secret-validation scenarios need of the target: starting a second instance with altered inputs.</summary>
    public const TargetCapability Requires = TargetCapability.StartVariant;

    /// <summary>What <see cref="Requires"/> is for, as the not-applicable reason words it.</summary>
    public const string RequiresFor = "starting the implementation with altered inputs";

    /// <summary>
    /// The catalog entry of a scenario that starts the implementation with a bad input and expects it to refuse (SV-01,
    /// SV-02): it needs <c>claims.secret</c>, a way to hand the target a bad input, and the capability to start a variant.
    /// </summary>
    public static ScenarioInfo RefusedStartScenario(string id, string title, string requirement) =>
        new(id, "secret-validation", Level.Must, title, requirement, "secret", Applies)
        {
            NotClaimedBecause = Claimed,
            Requires = Requires,
            RequiresFor = RequiresFor,
        };

    /// <summary>The claim SV-01/SV-02 need, asked before the target's capabilities.</summary>
    public static string? Claimed(Profile p) =>
        p.Claims.Secret is null ? "the profile does not claim how invalid certificate input is handled (claims.secret)" : null;

    /// <summary>SV-01/SV-02's own rule, once the claim and the capability are met.</summary>
    public static string? Applies(Profile p)
    {
        return Support.Applies.WithOneCertificate(p) ?? (UsesSecret(p) || UsesFiles(p) ? null : "the target's arguments take neither {pki:secret} nor {pki:cert}/{pki:key}, so the harness cannot swap in a bad input");
    }

    public static string ServerChainPem(RunPki pki) => PemWriter.CertificatesPem(pki.ServerLeaf.ServedChain);

    public static string ServerKeyPem(RunPki pki) => PemWriter.PrivateKeyPem(pki.ServerLeaf.Certificate);

    /// <summary>A private key that belongs to no certificate of this run.</summary>
    public static string ForeignKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    /// <summary>Placeholder overrides that feed the implementation this certificate/key input.</summary>
    public static Dictionary<string, string> Overrides(ScenarioContext ctx, string variant, string? type, string? certPem, string? keyPem)
    {
        var ws = ctx.RunFolder;
        if (UsesSecret(ctx.Profile))
        {
            var data = new Dictionary<string, string>();
            if (certPem is not null)
            {
                data["tls.crt"] = certPem;
            }

            if (keyPem is not null)
            {
                data["tls.key"] = keyPem;
            }

            var path = ws.File($"sv-{variant}-secret.yaml");
            SecretManifest.Write(path, $"conformance-{variant}", type ?? "kubernetes.io/tls", data);
            return new() { ["pki:secret"] = path };
        }

        var cert = ws.File($"sv-{variant}.crt");
        var key = ws.File($"sv-{variant}.key");
        if (certPem is not null)
        {
            PemWriter.WriteSecret(cert, certPem);
        }

        if (keyPem is not null)
        {
            PemWriter.WriteSecret(key, keyPem);
        }

        return new() { ["pki:cert"] = cert, ["pki:key"] = key };
    }

    public static async Task<(string Variant, string? Problem)> AttemptAsync(ScenarioContext ctx, string variant, Dictionary<string, string> overrides, CancellationToken ct)
    {
        var within = ctx.Profile.Target.Ready?.Within ?? TimeSpan.FromSeconds(10);
        var attempt = await ctx.StartVariantAsync(overrides, within, ct);
        ctx.Add(new StartAttemptEvidence(variant, attempt.Command, attempt.BecameReady, attempt.Exited, attempt.ExitCode, [.. attempt.Output.Select(l => $"{l.Source}: {l.Text}")], attempt.Elapsed.TotalMilliseconds));
        if (attempt.BecameReady)
        {
            return (variant, "it started and served");
        }

        if (!attempt.Exited)
        {
            return (variant, $"it neither became ready nor exited within {within.TotalSeconds:0} s (it must exit non-zero)");
        }

        if (attempt.ExitCode == 0)
        {
            return (variant, "it exited with code 0");
        }

        return attempt.Output.Any(l => l.Text.Trim().Length > 0)
            ? (variant, null)
            : (variant, $"it exited with code {attempt.ExitCode} without saying why");
    }

    public static Verdict Judge(IReadOnlyList<(string Variant, string? Problem)> results, string what)
    {
        var bad = results.Where(r => r.Problem is not null).ToList();
        return bad.Count == 0
            ? Verdict.Pass($"refused to start on every {what} ({string.Join(", ", results.Select(r => r.Variant))}): exited non-zero and said why")
            : Verdict.Fail(string.Join("; ", bad.Select(b => $"{b.Variant}: {b.Problem}")));
    }
}
