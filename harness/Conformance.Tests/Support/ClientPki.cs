using System.Security.Cryptography.X509Certificates;
using Conformance.Pki;

[assembly: AssemblyFixture(typeof(Conformance.Tests.Support.ClientPki))]

namespace Conformance.Tests.Support;

/// <summary>
/// The client-certificate matrix for the mTLS tests, issued once per run: a client CA (root, written as the
/// <c>--client-ca</c> bundle) issuing a valid clientAuth certificate, an expired one and a serverAuth-only one, a
/// Direktiv-style certificate carrying both usages, and a look-alike from a CA the server does not trust.
/// </summary>
public sealed class ClientPki : IDisposable
{
    private readonly RunWorkspace _workspace;
    private readonly CertificateAuthority _clientRoot;
    private readonly CertificateAuthority _untrustedRoot;
    private readonly IssuedCertificate[] _issued;

    public ClientPki()
    {
        _workspace = RunWorkspace.Create("conformance-client-pki-");
        _clientRoot = CertificateAuthority.CreateRoot("Reference Client Root");
        _untrustedRoot = CertificateAuthority.CreateRoot("Untrusted Client Root");
        var valid = _clientRoot.Issue(new LeafSpecBuilder().WithCommonName("client-valid").WithEku(EkuSpec.ClientAuth).Build());
        var both = _clientRoot.Issue(new LeafSpecBuilder().WithCommonName("direktiv-flow-hl").WithDnsNames("direktiv-flow-hl").WithEku(EkuSpec.ServerAndClientAuth).Build());
        var expired = _clientRoot.Issue(new LeafSpecBuilder().WithCommonName("client-expired").WithEku(EkuSpec.ClientAuth).Expired().Build());
        var serverOnly = _clientRoot.Issue(new LeafSpecBuilder().WithCommonName("client-server-only").WithEku(EkuSpec.ServerAuth).Build());
        var untrusted = _untrustedRoot.Issue(new LeafSpecBuilder().WithCommonName("client-valid").WithEku(EkuSpec.ClientAuth).Build());
        _issued = [valid, both, expired, serverOnly, untrusted];
        Valid = valid.Certificate;
        ServerAndClient = both.Certificate;
        Expired = expired.Certificate;
        ServerAuthOnly = serverOnly.Certificate;
        UntrustedCa = untrusted.Certificate;
        PemWriter.WriteCertificates(ClientCa, [_clientRoot.Certificate]);
    }

    /// <summary>The <c>--client-ca</c> bundle: the client root only.</summary>
    public string ClientCa => _workspace.File("client-ca.crt");

    public X509Certificate2 Valid { get; }

    public X509Certificate2 ServerAndClient { get; }

    public X509Certificate2 Expired { get; }

    public X509Certificate2 ServerAuthOnly { get; }

    public X509Certificate2 UntrustedCa { get; }

    /// <summary>A matrix entry by name: none (null), valid, untrusted, expired, serverauth.</summary>
    public X509Certificate2? ByName(string name) => name switch
    {
        "none" => null,
        "valid" => Valid,
        "untrusted" => UntrustedCa,
        "expired" => Expired,
        "serverauth" => ServerAuthOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public void Dispose()
    {
        foreach (var c in _issued)
        {
            c.Dispose();
        }

        _untrustedRoot.Dispose();
        _clientRoot.Dispose();
        _workspace.Dispose();
    }
}
