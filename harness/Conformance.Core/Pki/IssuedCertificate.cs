using System.Security.Cryptography.X509Certificates;

namespace Conformance.Pki;

/// <summary>A certificate with its private key, and the intermediates that chain it to its root (leaf first, root excluded).</summary>
public sealed class IssuedCertificate(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> intermediates) : IDisposable
{
    /// <summary>The certificate, carrying its private key.</summary>
    public X509Certificate2 Certificate { get; } = certificate;

    public IReadOnlyList<X509Certificate2> Intermediates { get; } = intermediates;

    /// <summary>Leaf then intermediates: what a server should send.</summary>
    public IEnumerable<X509Certificate2> ServedChain => Intermediates.Prepend(Certificate);

    public void Dispose() => Certificate.Dispose();
}
