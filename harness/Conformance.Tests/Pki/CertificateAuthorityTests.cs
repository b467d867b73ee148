using System.Security.Cryptography.X509Certificates;
using Conformance.Pki;

namespace Conformance.Tests.Pki;

public sealed class CertificateAuthorityTests
{
    [Fact]
    public void Issued_leaf_carries_dns_and_ip_sans_and_chains_to_its_root()
    {
        using var root = CertificateAuthority.CreateRoot("test root");
        using var leaf = root.Issue(new LeafSpecBuilder().WithDnsNames("app.ns.svc", "*.default").WithIpAddresses("127.0.0.1").Build());

        var san = leaf.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["app.ns.svc", "*.default"], san.EnumerateDnsNames());
        Assert.Equal("127.0.0.1", Assert.Single(san.EnumerateIPAddresses()).ToString());
        Assert.True(leaf.Certificate.HasPrivateKey);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf.Certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void Leaf_issued_for_a_foreign_public_key_has_no_private_key_and_pairs_only_with_that_key()
    {
        using var root = CertificateAuthority.CreateRoot("test root");
        using var intermediate = root.CreateIntermediate("test intermediate");
        using var holder = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

        using var leaf = intermediate.IssueFor(new LeafSpecBuilder().WithCommonName("data-plane.knative.dev").WithDnsNames("data-plane.knative.dev").Build(), new PublicKey(holder));

        Assert.False(leaf.Certificate.HasPrivateKey);
        Assert.Equal(holder.ExportSubjectPublicKeyInfo(), leaf.Certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal("data-plane.knative.dev", Assert.Single(leaf.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames()));
        Assert.Equal([intermediate.Certificate.Thumbprint], leaf.Intermediates.Select(c => c.Thumbprint));
        using var paired = leaf.Certificate.CopyWithPrivateKey(holder);
        Assert.True(paired.HasPrivateKey);
        Assert.Throws<ArgumentException>(() => leaf.Certificate.CopyWithPrivateKey(other));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root.Certificate);
        chain.ChainPolicy.ExtraStore.AddRange(leaf.Intermediates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf.Certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void Expired_and_not_yet_valid_variants_fall_outside_their_validity_window()
    {
        using var root = CertificateAuthority.CreateRoot("test root");
        using var expired = root.Issue(new LeafSpecBuilder().WithDnsNames("a").Expired().Build());
        using var future = root.Issue(new LeafSpecBuilder().WithDnsNames("a").NotYetValid().Build());

        Assert.True(expired.Certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow);
        Assert.True(future.Certificate.NotBefore.ToUniversalTime() > DateTime.UtcNow);
    }

    [Fact]
    public void Leaf_from_intermediate_is_served_with_its_intermediate()
    {
        using var root = CertificateAuthority.CreateRoot("test root");
        using var mid = root.CreateIntermediate("test intermediate");
        using var leaf = mid.Issue(new LeafSpecBuilder().WithDnsNames("a").Build());

        var served = leaf.ServedChain.ToList();
        Assert.Equal(2, served.Count);
        Assert.Equal(mid.Certificate.Subject, served[1].Subject);
        Assert.Equal(served[1].Subject, served[0].Issuer);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Run_pki_writes_keys_readable_only_by_owner_and_removes_them_on_dispose()
    {
        string keyPath;
        string dir;
        using (var workspace = RunWorkspace.Create())
        {
            dir = workspace.Path;
            using var pki = RunPki.Issue(new PkiSpec { ServerNames = ["localhost"], Eku = EkuSpec.None }, workspace);
            keyPath = pki.Placeholders["pki:key"];
            Assert.True(File.Exists(keyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
            Assert.Contains("PRIVATE KEY", File.ReadAllText(keyPath), StringComparison.Ordinal);
            Assert.Empty(pki.ServerLeaf.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        }

        Assert.False(File.Exists(keyPath));
        Assert.False(Directory.Exists(dir));
    }
}
