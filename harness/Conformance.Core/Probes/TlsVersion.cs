namespace Conformance.Probes;

/// <summary>A TLS protocol version the version probe can offer on its own.</summary>
public enum TlsVersion
{
    Tls10,
    Tls11,
    Tls12,
    Tls13,
}
