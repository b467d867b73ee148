namespace Conformance.Pki;

/// <summary>Key type of an issued certificate (<c>rsa-2048</c>, <c>rsa-4096</c>, <c>ecdsa-p256</c>, <c>ecdsa-p384</c>).</summary>
public enum KeySpec
{
    Rsa2048,
    Rsa4096,
    EcdsaP256,
    EcdsaP384,
}
