namespace Conformance.Pki;

/// <summary>A <c>client:</c> file that cannot be used; <see cref="Key"/> names the field (cert, key, ca, caKey).</summary>
public sealed class ClientIdentityException(string key, string message) : Exception(message)
{
    public string Key { get; } = key;
}
