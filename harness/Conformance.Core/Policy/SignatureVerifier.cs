using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Policy;

/// <summary>
/// Checks whether one certificate's signature verifies under another's public key. Used for chain order and
/// self-signed detection without building a chain (which would consult trust and hide the served order).
/// </summary>
internal static class SignatureVerifier
{
    /// <summary>True/false when the algorithm is known (RSA PKCS#1 or ECDSA with SHA-1/2); null when it cannot be checked cheaply.</summary>
    public static bool? IsSignedBy(X509Certificate2 subject, X509Certificate2 issuer)
    {
        ReadOnlyMemory<byte> tbs;
        string algorithm;
        byte[] signature;
        try
        {
            var reader = new AsnReader(subject.RawData, AsnEncodingRules.DER);
            var certificate = reader.ReadSequence();
            tbs = certificate.ReadEncodedValue();
            var algorithmSequence = certificate.ReadSequence();
            algorithm = algorithmSequence.ReadObjectIdentifier();
            signature = certificate.ReadBitString(out _);
        }
        catch (AsnContentException)
        {
            return null;
        }

        var (hash, isRsa) = algorithm switch
        {
            "1.2.840.113549.1.1.5" => (HashAlgorithmName.SHA1, true),
            "1.2.840.113549.1.1.11" => (HashAlgorithmName.SHA256, true),
            "1.2.840.113549.1.1.12" => (HashAlgorithmName.SHA384, true),
            "1.2.840.113549.1.1.13" => (HashAlgorithmName.SHA512, true),
            "1.2.840.10045.4.1" => (HashAlgorithmName.SHA1, false),
            "1.2.840.10045.4.3.2" => (HashAlgorithmName.SHA256, false),
            "1.2.840.10045.4.3.3" => (HashAlgorithmName.SHA384, false),
            "1.2.840.10045.4.3.4" => (HashAlgorithmName.SHA512, false),
            _ => (default(HashAlgorithmName), false),
        };
        if (hash.Name is null)
        {
            return null;
        }

        try
        {
            if (isRsa)
            {
                using var rsa = issuer.GetRSAPublicKey();
                return rsa?.VerifyData(tbs.Span, signature, hash, RSASignaturePadding.Pkcs1) ?? false;
            }

            using var ec = issuer.GetECDsaPublicKey();
            return ec?.VerifyData(tbs.Span, signature, hash, DSASignatureFormat.Rfc3279DerSequence) ?? false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
