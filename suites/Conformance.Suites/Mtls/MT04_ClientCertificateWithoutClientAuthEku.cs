using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Mtls;

/// <summary>MT-04: Client cert whose EKU lacks clientAuth (e.g. serverAuth only) → refused.</summary>
public sealed class MT04_ClientCertificateWithoutClientAuthEku : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "MT-04",
        Suite: "mtls",
        Level: Level.Must,
        Title: "A client certificate without the clientAuth EKU is refused",
        Requirement: "Client cert whose EKU lacks clientAuth (e.g. serverAuth only) → refused.",
        Capability: "clientAuth",
        NotApplicableBecause: MtlsRefusal.AppliesToVariants);

    public Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken) =>
        MtlsRefusal.RunAsync(ctx, MtlsCase.NoClientAuthEku, cancellationToken);
}
