namespace Conformance.Pki;

/// <summary>
/// What one server certificate carries: its DNS and iPAddress SANs and its extended key usage. The default leaf's
/// comes from <c>pki.serverNames</c>/<c>pki.ipAddresses</c>/<c>pki.eku</c>; each <c>pki.certificates.NAME</c> is one more.
/// </summary>
public sealed record CertificateSpec(IReadOnlyList<string> ServerNames, IReadOnlyList<string> IpAddresses, EkuSpec Eku);
