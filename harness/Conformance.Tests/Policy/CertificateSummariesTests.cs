using Conformance.Pki;
using Conformance.Policy;

namespace Conformance.Tests.Policy;

public sealed class CertificateSummariesTests
{
    [Fact]
    public void Summary_lists_sans_eku_key_and_fingerprint_without_key_material()
    {
        using var root = CertificateAuthority.CreateRoot("summary root");
        using var leaf = root.Issue(new LeafSpecBuilder().WithDnsNames("a.example", "*.default").WithIpAddresses("127.0.0.1", "::1")
            .WithEku(EkuSpec.ServerAndClientAuth).WithKey(KeySpec.EcdsaP384).Build());

        var s = CertificateSummaries.From(leaf.Certificate);

        Assert.Equal(["a.example", "*.default"], s.DnsNames);
        Assert.Equal(["127.0.0.1", "::1"], s.IpAddresses);
        Assert.Equal(["serverAuth", "clientAuth"], s.ExtendedKeyUsages);
        Assert.Equal("ECDSA P-384", s.KeyAlgorithm);
        Assert.Equal(384, s.KeySize);
        Assert.False(s.IsCertificateAuthority);
        Assert.False(s.IsSelfSigned);
        Assert.Equal(TimeSpan.Zero, s.NotAfter.Offset);
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", s.Sha256Fingerprint);
        Assert.DoesNotContain("PRIVATE", System.Text.Json.JsonSerializer.Serialize(s), StringComparison.Ordinal);
    }

    [Fact]
    public void Absent_eku_is_null_and_root_is_a_self_signed_ca()
    {
        using var root = CertificateAuthority.CreateRoot("summary root", KeySpec.Rsa2048);
        using var leaf = root.Issue(new LeafSpecBuilder().WithDnsNames("a").WithEku(EkuSpec.None).Build());

        var rootSummary = CertificateSummaries.From(root.Certificate);

        Assert.Null(CertificateSummaries.From(leaf.Certificate).ExtendedKeyUsages);
        Assert.True(rootSummary.IsCertificateAuthority);
        Assert.True(rootSummary.IsSelfSigned);
        Assert.Equal("RSA", rootSummary.KeyAlgorithm);
        Assert.Equal(2048, rootSummary.KeySize);
    }
}
