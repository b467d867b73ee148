using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.SecretValidation;

/// <summary>SV-01: a missing, wrong-type or malformed TLS secret/file makes the server refuse to start, exit non-zero and say why.</summary>
public sealed class SV01_InvalidSecretRefused : IScenario
{
    public ScenarioInfo Info { get; } = SecretInputs.RefusedStartScenario(
        "SV-01",
        "An invalid TLS secret stops the start",
        "A missing, wrong-type or malformed TLS secret/file → the server refuses to start, exits non-zero, and says why.");

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var pki = ctx.Pki ?? throw new InvalidOperationException("secret validation needs the harness PKI");
        var chain = SecretInputs.ServerChainPem(pki);
        var key = SecretInputs.ServerKeyPem(pki);
        var variants = new List<(string, Dictionary<string, string>)>();
        if (SecretInputs.UsesSecret(ctx.Profile))
        {
            variants.Add(("wrong-type", SecretInputs.Overrides(ctx, "wrong-type", "Opaque", chain, key)));
            variants.Add(("missing-key", SecretInputs.Overrides(ctx, "missing-key", null, chain, null)));
            variants.Add(("malformed-pem", SecretInputs.Overrides(ctx, "malformed-pem", null, SecretInputs.Garbage, key)));
            variants.Add(("missing-file", new() { ["pki:secret"] = ctx.RunFolder.File("sv-no-such-secret.yaml") }));
        }
        else
        {
            variants.Add(("malformed-pem", SecretInputs.Overrides(ctx, "malformed-pem", null, SecretInputs.Garbage, key)));
            variants.Add(("missing-file", new() { ["pki:cert"] = ctx.RunFolder.File("sv-no-such.crt"), ["pki:key"] = ctx.RunFolder.File("sv-no-such.key") }));
        }

        var results = new List<(string, string?)>();
        foreach (var (name, overrides) in variants)
        {
            results.Add(await SecretInputs.AttemptAsync(ctx, name, overrides, cancellationToken));
        }

        return SecretInputs.Judge(results, "invalid input");
    }
}
