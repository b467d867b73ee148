using System.Security.Cryptography.X509Certificates;
using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>The evidence of a handshake and the served chain as certificates (leaf first), for the policy to judge.</summary>
public sealed record HandshakeResult(HandshakeEvidence Evidence, IReadOnlyList<X509Certificate2> Chain, int? HttpStatus) : IDisposable
{
    public X509Certificate2? Leaf => Chain.Count > 0 ? Chain[0] : null;

    public void Dispose()
    {
        foreach (var c in Chain)
        {
            c.Dispose();
        }
    }
}
