namespace Conformance.Evidence;

/// <summary>What a person needs to know about one certificate of a served chain. Never holds key material.</summary>
public sealed record CertificateSummary(
    string Subject,
    string Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> IpAddresses,
    IReadOnlyList<string>? ExtendedKeyUsages,
    bool IsCertificateAuthority,
    bool IsSelfSigned,
    string KeyAlgorithm,
    int KeySize,
    string Sha256Fingerprint);
