using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Mtls;

/// <summary>MT-01: No client certificate → refused (TLS 1.3 rejects after the handshake: always write and read before judging).</summary>
public sealed class MT01_NoClientCertificate : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "MT-01",
        Suite: "mtls",
        Level: Level.Must,
        Title: "No client certificate is refused",
        Requirement: "No client certificate → refused (TLS 1.3 rejects after the handshake: always write and read before judging).",
        Capability: "clientAuth",
        NotApplicableBecause: MtlsRefusal.Applies);

    public Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken) =>
        MtlsRefusal.RunAsync(ctx, MtlsCase.NoCertificate, cancellationToken);
}
