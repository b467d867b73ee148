using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Pki;

namespace Conformance.Tests.Reference;

/// <summary>
/// Issues a serving leaf for a public key someone else holds the private half of (the upstream pod's, from
/// <c>GET /upstream/key</c>), signed by a test CA: a CertificateRequest over the public key alone.
/// </summary>
public static class UpstreamLeafIssuer
{
    public static X509Certificate2 Issue(CertificateAuthority ca, string publicKeyPem, string dnsName)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={dnsName}"), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return request.Create(ca.Certificate, now.AddMinutes(-5), now.AddDays(1), serial);
    }

    /// <summary>The leaf then the issuing CA's chain above it, without the root, as PEM.</summary>
    public static string ChainPem(X509Certificate2 leaf, CertificateAuthority ca) =>
        PemWriter.CertificatesPem(ca.Parents.Count == 0 ? [leaf] : [leaf, ca.Certificate, .. ca.Parents.SkipLast(1)]);
}
