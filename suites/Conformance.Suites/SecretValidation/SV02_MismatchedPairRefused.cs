using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.SecretValidation;

/// <summary>SV-02: a certificate with a key that is not its own makes the server refuse to start, the same way.</summary>
public sealed class SV02_MismatchedPairRefused : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "SV-02",
        Suite: "secret-validation",
        Level: Level.Must,
        Title: "A mismatched certificate and key stop the start",
        Requirement: "Mismatched cert and key → refused the same way (non-zero exit, says why).",
        Capability: "secret",
        NotApplicableBecause: SecretInputs.Applies)
    {
        NotClaimedBecause = SecretInputs.Claimed,
        Requires = SecretInputs.Requires,
        RequiresFor = SecretInputs.RequiresFor,
    };

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var pki = ctx.Pki ?? throw new InvalidOperationException("secret validation needs the harness PKI");
        var overrides = SecretInputs.Overrides(ctx, "mismatched", null, SecretInputs.ServerChainPem(pki), SecretInputs.ForeignKeyPem());
        var result = await SecretInputs.AttemptAsync(ctx, "mismatched-pair", overrides, cancellationToken);
        return SecretInputs.Judge([result], "mismatched pair");
    }
}
