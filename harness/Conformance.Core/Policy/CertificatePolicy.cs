using System.Security.Cryptography.X509Certificates;
using Conformance.Evidence;

namespace Conformance.Policy;

/// <summary>
/// The harness's certificate policy. Verdicts never rest on SslStream's default validation: the probe accepts any
/// chain and this class judges it against the endpoint's own trust anchors (custom root trust, no system store),
/// naming the rule it applied in the evidence.
/// </summary>
public sealed class CertificatePolicy(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    /// <summary>Chain to the anchors + name match + EKU (serverAuth or absent) + key strength, for a server.</summary>
    public PolicyEvidence ValidateServer(string endpoint, IReadOnlyList<X509Certificate2> chain, string referenceName, IReadOnlyList<X509Certificate2> anchors)
        => throw new NotImplementedException();

    /// <summary>Certificate hygiene (SAN-05): EKU absent or containing serverAuth, validity window, key strength, chain order, no expired intermediate.</summary>
    public PolicyEvidence Hygiene(string endpoint, IReadOnlyList<X509Certificate2> chain, IReadOnlyList<X509Certificate2> anchors)
        => throw new NotImplementedException();
}
