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
        NotApplicableBecause: MtlsRefusal.AppliesToValid);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var served = new List<string>();
        var problems = new List<string>();
        var skipped = new List<string>();
        foreach (var ep in ctx.TlsEndpoints.Where(e => e.Spec.ClientAuth != ClientAuth.None))
        {
            // Never a harness-CA certificate as "valid" where the harness did not configure the client trust.
            if (!ctx.ClientCertificates.TryGetValue(ep.Name, out var set) || set.Valid is not { } valid)
            {
                skipped.Add($"{ep.Name}: no endpoints.{ep.Name}.client.cert");
                continue;
            }

            var attempt = await ClientAuthProbe.AttemptAsync(ctx, ep, $"the valid client certificate ({set.Source})", valid, cancellationToken);
            var line = $"{ep.Name} (port {ep.Port}, {ep.Spec.Protocol.ToString().ToLowerInvariant()}): the valid client certificate ({set.Source}): {attempt.Description}";
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

        if (skipped.Count > 0)
        {
            ctx.Note($"not judged (no valid client identity known): {string.Join("; ", skipped)}");
        }

        if (problems.Count > 0)
        {
            return Verdict.Fail($"a valid client certificate was not served: {string.Join("; ", problems)}");
        }

        return served.Count > 0
            ? Verdict.Pass($"a valid client certificate was served: {string.Join("; ", served)}")
            : Verdict.NotApplicable($"no valid client identity is known for any endpoint: {string.Join("; ", skipped)}");
    }
}
