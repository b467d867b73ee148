using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Mtls;

/// <summary>MT-02: Client cert from an untrusted CA → refused.</summary>
public sealed class MT02_UntrustedCa : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "MT-02",
        Suite: "mtls",
        Level: Level.Must,
        Title: "A client certificate from an untrusted CA is refused",
        Requirement: "Client cert from an untrusted CA → refused.",
        Capability: "clientAuth",
        NotApplicableBecause: MtlsRefusal.Applies);

    public Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken) =>
        MtlsRefusal.RunAsync(ctx, MtlsCase.UntrustedCa, cancellationToken);
}
