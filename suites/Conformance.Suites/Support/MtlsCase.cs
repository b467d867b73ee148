using Conformance.Pki;

namespace Conformance.Suites.Support;

/// <summary>
/// One refusal case of MT-01..04: what is presented, which alerts state its cause on the wire, which alerts are
/// only a generic refusal (a control must then show that the property under test made the difference).
/// </summary>
internal sealed record MtlsCase(
    string Label,
    Func<EndpointClientCertificates, Pki.IssuedCertificate?>? Pick,
    IReadOnlyList<byte> CauseAlerts,
    bool CertificateRequestIsCause,
    string WhatIsChecked)
{
    /// <summary>Alert unknown_ca (48): the issuer is not trusted — evidence for MT-02 only, never for expiry or EKU.</summary>
    public const byte UnknownCa = 48;

    public static readonly MtlsCase NoCertificate = new("no client certificate", null, [116], true, "a client certificate");

    public static readonly MtlsCase UntrustedCa = new("a client certificate from an untrusted CA", c => c.UntrustedCa, [UnknownCa], false, "the client certificate's issuer");

    public static readonly MtlsCase Expired = new("an expired client certificate", c => c.Expired, [45], false, "the client certificate's validity");

    public static readonly MtlsCase NoClientAuthEku = new("a client certificate with EKU serverAuth only", c => c.ServerAuthOnly, [43], false, "the client certificate's EKU");

    /// <summary>MT-03 and MT-04 present variants; a CA the endpoint trusts must have issued them.</summary>
    public bool IsVariant => ReferenceEquals(this, Expired) || ReferenceEquals(this, NoClientAuthEku);
}
