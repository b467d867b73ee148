namespace Conformance.Pki;

/// <summary>
/// The client certificates of the mTLS matrix, issued per run: one valid (issuer CA, clientAuth EKU), one from a
/// CA the server does not trust, one expired, and one whose EKU has serverAuth only.
/// </summary>
public sealed record ClientCertificates(
    IssuedCertificate Valid,
    IssuedCertificate UntrustedCa,
    IssuedCertificate Expired,
    IssuedCertificate ServerAuthOnly);
