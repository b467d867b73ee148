using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Mtls;

/// <summary>MT-03: Expired client cert → refused.</summary>
public sealed class MT03_ExpiredClientCertificate : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "MT-03",
        Suite: "mtls",
        Level: Level.Must,
        Title: "An expired client certificate is refused",
        Requirement: "Expired client cert → refused.",
        Capability: "clientAuth",
        NotApplicableBecause: MtlsRefusal.AppliesToVariants);

    public Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken) =>
        MtlsRefusal.RunAsync(ctx, MtlsCase.Expired, cancellationToken);
}
