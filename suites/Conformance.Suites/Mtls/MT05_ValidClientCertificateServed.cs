using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites.Support;

namespace Conformance.Suites.Mtls;

/// <summary>MT-05: a valid client certificate is served (HTTP, and a real gRPC call where the endpoint speaks gRPC).</summary>
public sealed class MT05_ValidClientCertificateServed : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "MT-05",
        Suite: "mtls",
        Level: Level.Must,
        Title: "A valid client certificate is served",
        Requirement: "Valid client cert → served (HTTP and gRPC/h2 where declared).",
        Capability: "clientAuth",
        NotApplicableBecause: MtlsRefusal.Applies);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var valid = ctx.Pki?.Clients?.Valid.Certificate;
        if (valid is null)
        {
            return Verdict.Error("the harness PKI issued no client certificates for this run");
        }

        var served = new List<string>();
        var problems = new List<string>();
        foreach (var ep in ctx.TlsEndpoints.Where(e => e.Spec.ClientAuth != ClientAuth.None))
        {
            var attempt = await ClientAuthProbe.AttemptAsync(ctx, ep, "a valid client certificate", valid, cancellationToken);
            var line = $"{ep.Name} (port {ep.Port}, {ep.Spec.Protocol.ToString().ToLowerInvariant()}): {attempt.Description}";
            if (attempt.Outcome is HandshakeOutcome.TimedOut or HandshakeOutcome.ConnectionRefused)
            {
                return Verdict.Error($"no answer to judge: {line}");
            }

            if (attempt.Outcome == HandshakeOutcome.Accepted && (attempt.HttpStatus is null or < 400))
            {
                served.Add(line);
            }
            else
            {
                problems.Add(line);
            }
        }

        return problems.Count == 0
            ? Verdict.Pass($"a valid client certificate was served: {string.Join("; ", served)}")
            : Verdict.Fail($"a valid client certificate was not served: {string.Join("; ", problems)}");
    }
}
