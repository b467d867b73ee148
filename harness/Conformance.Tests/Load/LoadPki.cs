using System.Security.Cryptography.X509Certificates;
using Conformance.Pki;

namespace Conformance.Tests.Load;

/// <summary>Certificates for the load tests: a root and intermediate issuing two localhost leaves (two generations), and an unrelated root.</summary>
public sealed class LoadPki : IDisposable
{
    private readonly CertificateAuthority _root = CertificateAuthority.CreateRoot("Load Test Root");
    private readonly CertificateAuthority _other = CertificateAuthority.CreateRoot("Load Test Unrelated Root");
    private readonly CertificateAuthority _intermediate;

    public LoadPki()
    {
        _intermediate = _root.CreateIntermediate("Load Test Intermediate");
        First = _intermediate.Issue(new LeafSpecBuilder().WithCommonName("localhost").WithDnsNames("localhost").WithIpAddresses("127.0.0.1").Build());
        Second = _intermediate.Issue(new LeafSpecBuilder().WithCommonName("localhost").WithDnsNames("localhost").WithIpAddresses("127.0.0.1").Build());
    }

    public IssuedCertificate First { get; }

    public IssuedCertificate Second { get; }

    public X509Certificate2 Root => _root.Certificate;

    public X509Certificate2 Intermediate => _intermediate.Certificate;

    public X509Certificate2 Unrelated => _other.Certificate;

    public void Dispose()
    {
        First.Dispose();
        Second.Dispose();
        _intermediate.Dispose();
        _other.Dispose();
        _root.Dispose();
    }
}
