
namespace Conformance.Pki;

/// <summary>Immutable description of a leaf certificate to issue; build it with <see cref="LeafSpecBuilder"/>.</summary>
public sealed record LeafSpec(
    string CommonName,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> IpAddresses,
    EkuSpec Eku,
    KeySpec Key,
    TimeSpan NotBeforeOffset,
    TimeSpan Lifetime,
    bool OmitSubjectAlternativeNames);
