using System.Security.Cryptography.X509Certificates;

namespace Conformance.Evidence;

/// <summary>Turns certificates into <see cref="CertificateSummary"/> records (public data only).</summary>
public static class CertificateSummaries
{
    public static CertificateSummary From(X509Certificate2 certificate) => throw new NotImplementedException();
}
