using System.Net;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.San;

/// <summary>
/// SAN-03: IP addresses are iPAddress SANs, not DNS SANs; names live in SANs, never only in the CN. Each endpoint is
/// checked for the addresses of the certificate it is declared to serve.
/// </summary>
public sealed class SAN03_IpAddressSans : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "SAN-03",
        Suite: "san",
        Level: Level.Must,
        Title: "IP addresses as iPAddress SANs, no reliance on CN",
        Requirement: "IP addresses are iPAddress SANs, not DNS SANs; no reliance on CN.",
        Capability: "tls",
        NotApplicableBecause: Applies.WithTlsEndpoint);

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var checkedAddresses = 0;
        foreach (var ep in ctx.TlsEndpoints)
        {
            using var hs = await Tls.HandshakeAsync(ctx, ep, cancellationToken);
            if (!Tls.Accepted(hs))
            {
                return Verdict.Error($"{ep.Name}: no certificate to inspect: handshake {Tls.Describe(hs.Evidence)}");
            }

            var leaf = hs.Evidence.Chain[0];
            if (leaf.DnsNames.Count == 0 && leaf.IpAddresses.Count == 0)
            {
                problems.Add($"{ep.Name}: the leaf has no subjectAltName; its only name is the CN ({leaf.Subject}), which clients must not rely on");
            }

            foreach (var dns in leaf.DnsNames.Where(d => IPAddress.TryParse(d, out _)))
            {
                problems.Add($"{ep.Name}: '{dns}' is an IP address written as a DNS SAN");
            }

            // The addresses of the certificate this endpoint is declared to serve, not every certificate's.
            foreach (var ip in DeclaredNames.CertificateOf(ctx, ep).IpAddresses)
            {
                checkedAddresses++;
                var want = IPAddress.Parse(ip);
                if (!leaf.IpAddresses.Any(a => IPAddress.TryParse(a, out var got) && got.Equals(want)))
                {
                    problems.Add($"{ep.Name}: declared address {ip} is not an iPAddress SAN (iPAddress SANs: {(leaf.IpAddresses.Count == 0 ? "none" : string.Join(", ", leaf.IpAddresses))})");
                }
            }
        }

        return problems.Count == 0
            ? Verdict.Pass($"every declared address is an iPAddress SAN, no DNS SAN holds an address, and names are in SANs ({checkedAddresses} address/endpoint pairs checked)")
            : Verdict.Fail(string.Join("; ", problems));
    }
}
