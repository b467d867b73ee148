using System.Security.Cryptography;

namespace Conformance.Pki;

/// <summary>Creates keys and the matching signature request for a <see cref="KeySpec"/>.</summary>
internal static class KeyFactory
{
    public static AsymmetricAlgorithm Create(KeySpec spec) => spec switch
    {
        KeySpec.Rsa2048 => RSA.Create(2048),
        KeySpec.Rsa4096 => RSA.Create(4096),
        KeySpec.EcdsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        _ => ECDsa.Create(ECCurve.NamedCurves.nistP256),
    };

    public static System.Security.Cryptography.X509Certificates.CertificateRequest Request(
        System.Security.Cryptography.X509Certificates.X500DistinguishedName subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ec => new(subject, ec, HashAlgorithmName.SHA256),
        _ => throw new NotSupportedException(key.GetType().Name),
    };

    public static System.Security.Cryptography.X509Certificates.X509SignatureGenerator Signer(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => System.Security.Cryptography.X509Certificates.X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        ECDsa ec => System.Security.Cryptography.X509Certificates.X509SignatureGenerator.CreateForECDsa(ec),
        _ => throw new NotSupportedException(key.GetType().Name),
    };
}
