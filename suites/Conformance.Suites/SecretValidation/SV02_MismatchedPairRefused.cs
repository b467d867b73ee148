using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.SecretValidation;

/// <summary>SV-02: a certificate with a key that is not its own makes the server refuse to start, the same way.</summary>
public sealed class SV02_MismatchedPairRefused : IScenario
{
    public ScenarioInfo Info { get; } = SecretInputs.RefusedStartScenario(
        "SV-02",
        "A mismatched certificate and key stop the start",
        "Mismatched cert and key → refused the same way (non-zero exit, says why).");

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var pki = ctx.Pki ?? throw new InvalidOperationException("secret validation needs the harness PKI");
        var overrides = SecretInputs.Overrides(ctx, "mismatched", null, SecretInputs.ServerChainPem(pki), SecretInputs.ForeignKeyPem());
        var result = await SecretInputs.AttemptAsync(ctx, "mismatched-pair", overrides, cancellationToken);
        return SecretInputs.Judge([result], "mismatched pair");
    }
}
