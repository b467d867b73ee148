
namespace Conformance.Pki;

/// <summary>
/// The client certificates of the mTLS matrix, issued per run: one valid (issuer CA, clientAuth EKU), one from a
/// CA the server does not trust, one expired, and one whose EKU has serverAuth only.
/// </summary>
public sealed record ClientCertificates(
    IssuedCertificate Valid,
    IssuedCertificate UntrustedCa,
    IssuedCertificate Expired,
    IssuedCertificate ServerAuthOnly)
{
    /// <summary>Common name of every client certificate of the matrix.</summary>
    public const string CommonName = "conformance-client";

    /// <summary>
    /// Issues the matrix from <paramref name="issuer"/>; the untrusted one comes from <paramref name="untrustedRoot"/>,
    /// a root no server is told about.
    /// </summary>
    public static ClientCertificates Issue(CertificateAuthority issuer, CertificateAuthority untrustedRoot)
    {
        LeafSpecBuilder Client(EkuSpec eku) => new LeafSpecBuilder().WithCommonName(CommonName).WithDnsNames(CommonName).WithEku(eku);
        return new ClientCertificates(
            issuer.Issue(Client(EkuSpec.ClientAuth).Build()),
            untrustedRoot.Issue(Client(EkuSpec.ClientAuth).Build()),
            issuer.Issue(Client(EkuSpec.ClientAuth).Expired().Build()),
            issuer.Issue(Client(EkuSpec.ServerAuth).Build()));
    }

    /// <summary>The four certificates, for disposal.</summary>
    public IEnumerable<IssuedCertificate> All => [Valid, UntrustedCa, Expired, ServerAuthOnly];
}
