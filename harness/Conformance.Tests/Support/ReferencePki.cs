using System.Security.Cryptography.X509Certificates;
using Conformance.Pki;

[assembly: AssemblyFixture(typeof(Conformance.Tests.Support.ReferencePki))]

namespace Conformance.Tests.Support;

/// <summary>
/// Certificates for the reference-server tests, issued once per test run into a 0600 workspace: a root, an
/// intermediate that issues the leaves (so chains have something to send), the default leaf and an SNI leaf,
/// plus files that must be refused (malformed PEM, a key of another certificate).
/// </summary>
public sealed class ReferencePki : IDisposable
{
    public const string DefaultDns0 = "localhost";
    public const string DefaultDns1 = "web.apps.svc.cluster.local";
    public const string DefaultDns2 = "reference.test";
    public const string SniExact = "app.ns.svc.cluster.local";
    public const string SniWildcardZone = "tenants.example";

    private readonly RunWorkspace _workspace;
    private readonly CertificateAuthority _root;
    private readonly CertificateAuthority _intermediate;
    private readonly IssuedCertificate _leaf;
    private readonly IssuedCertificate _sni;

    public ReferencePki()
    {
        _workspace = RunWorkspace.Create("conformance-reference-tests-");
        _root = CertificateAuthority.CreateRoot("Reference Test Root");
        _intermediate = _root.CreateIntermediate("Reference Test Intermediate");
        _leaf = _intermediate.Issue(new LeafSpecBuilder().WithCommonName("localhost")
            .WithDnsNames(DefaultDns0, DefaultDns1, DefaultDns2).WithIpAddresses("127.0.0.1").Build());
        _sni = _intermediate.Issue(new LeafSpecBuilder().WithCommonName(SniExact)
            .WithDnsNames(SniExact, "*." + SniWildcardZone).Build());

        PemWriter.WriteCertificates(Cert, _leaf.ServedChain);
        PemWriter.WritePrivateKey(Key, _leaf.Certificate);
        PemWriter.WriteCertificates(SniCert, _sni.ServedChain);
        PemWriter.WritePrivateKey(SniKey, _sni.Certificate);
        PemWriter.WriteCertificates(IssuerCert, [_intermediate.Certificate]);
        PemWriter.WritePrivateKey(IssuerKey, _intermediate.Certificate);
        PemWriter.WriteSecret(Malformed, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    }

    public string Cert => _workspace.File("tls.crt");

    public string Key => _workspace.File("tls.key");

    public string SniCert => _workspace.File("sni.crt");

    public string SniKey => _workspace.File("sni.key");

    /// <summary>The CA that issued the leaves (the intermediate), for the mutants that re-issue.</summary>
    public string IssuerCert => _workspace.File("issuer.crt");

    public string IssuerKey => _workspace.File("issuer.key");

    public string Malformed => _workspace.File("malformed.crt");

    public string Missing => _workspace.File("does-not-exist.crt");

    public X509Certificate2 Root => _root.Certificate;

    public X509Certificate2 Intermediate => _intermediate.Certificate;

    public X509Certificate2 DefaultLeaf => _leaf.Certificate;

    public X509Certificate2 SniLeaf => _sni.Certificate;

    /// <summary>The arguments every server needs: one TLS port and the default certificate.</summary>
    public IEnumerable<string> CertArgs => ["--cert", Cert, "--key", Key];

    public IEnumerable<string> SniArgs => ["--sni-cert", SniCert, "--sni-key", SniKey];

    public IEnumerable<string> CaArgs => ["--ca-cert", IssuerCert, "--ca-key", IssuerKey];

    /// <summary>True when <paramref name="leaf"/> chains to the test root through the intermediate.</summary>
    public bool ChainsToRoot(X509Certificate2 leaf)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Root);
        chain.ChainPolicy.ExtraStore.Add(Intermediate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreWrongUsage;
        return chain.Build(leaf);
    }

    public void Dispose()
    {
        _sni.Dispose();
        _leaf.Dispose();
        _intermediate.Dispose();
        _root.Dispose();
        _workspace.Dispose();
    }

    /// <summary>Issues a one-off leaf whose key does not match <see cref="Cert"/>, written next to the others.</summary>
    public string OtherKey()
    {
        var path = _workspace.File("other.key");
        if (!File.Exists(path))
        {
            using var other = _intermediate.Issue(new LeafSpecBuilder().WithDnsNames("other").WithKey(KeySpec.EcdsaP256).Build());
            PemWriter.WritePrivateKey(path, other.Certificate);
        }

        return path;
    }
}
