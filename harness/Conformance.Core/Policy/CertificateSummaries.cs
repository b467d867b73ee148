using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Evidence;

namespace Conformance.Policy;

/// <summary>Turns certificates into <see cref="CertificateSummary"/> records (public data only).</summary>
public static class CertificateSummaries
{
    /// <summary>Summarises the public parts of <paramref name="certificate"/>; a private key, if attached, is never read.</summary>
    public static CertificateSummary From(X509Certificate2 certificate)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        IReadOnlyList<string> dns = san is null ? [] : [.. san.EnumerateDnsNames()];
        IReadOnlyList<string> ips = san is null ? [] : [.. san.EnumerateIPAddresses().Select(a => a.ToString())];
        var basic = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var (algorithm, size) = KeyOf(certificate);
        return new CertificateSummary(
            certificate.Subject,
            certificate.Issuer,
            certificate.SerialNumber,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            dns,
            ips,
            ExtendedKeyUsages(certificate),
            basic?.CertificateAuthority ?? false,
            IsSelfSigned(certificate),
            algorithm,
            size,
            Fingerprint(certificate));
    }

    /// <summary>EKU purposes as short names (<c>serverAuth</c>, <c>clientAuth</c>, … or the dotted OID); null when the extension is absent.</summary>
    public static IReadOnlyList<string>? ExtendedKeyUsages(X509Certificate2 certificate)
    {
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (eku is null)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var oid in eku.EnhancedKeyUsages)
        {
            names.Add(EkuName(oid.Value ?? string.Empty));
        }

        return names;
    }

    /// <summary>Short name of an EKU OID, or the OID itself.</summary>
    public static string EkuName(string oid) => oid switch
    {
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        "2.5.29.37.0" => "anyExtendedKeyUsage",
        _ => oid,
    };

    /// <summary>Key algorithm (<c>RSA</c>, <c>ECDSA P-256</c>, …) and size in bits.</summary>
    public static (string Algorithm, int Size) KeyOf(X509Certificate2 certificate)
    {
        switch (certificate.PublicKey.Oid.Value)
        {
            case "1.2.840.113549.1.1.1":
            case "1.2.840.113549.1.1.10":
                using (var rsa = certificate.GetRSAPublicKey())
                {
                    return ("RSA", rsa?.KeySize ?? 0);
                }

            case "1.2.840.10045.2.1":
                using (var ec = certificate.GetECDsaPublicKey())
                {
                    if (ec is null)
                    {
                        return ("ECDSA", 0);
                    }

                    var curve = ec.ExportParameters(false).Curve;
                    var curveName = curve.Oid?.Value switch
                    {
                        "1.2.840.10045.3.1.7" => "P-256",
                        "1.3.132.0.34" => "P-384",
                        "1.3.132.0.35" => "P-521",
                        _ => curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "unknown curve",
                    };
                    return ($"ECDSA {curveName}", ec.KeySize);
                }

            case "1.3.101.112":
                return ("Ed25519", 256);
            case "1.3.101.113":
                return ("Ed448", 456);
            default:
                return (certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown", 0);
        }
    }

    /// <summary>Subject equals issuer and, where the algorithm is known, the certificate verifies under its own key.</summary>
    public static bool IsSelfSigned(X509Certificate2 certificate)
    {
        if (!certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData))
        {
            return false;
        }

        return SignatureVerifier.IsSignedBy(certificate, certificate) ?? true;
    }

    /// <summary>SHA-256 of the DER certificate, uppercase hex with colons.</summary>
    public static string Fingerprint(X509Certificate2 certificate)
    {
        var hex = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        return string.Join(':', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));
    }
}
