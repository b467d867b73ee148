using Conformance.Pki;
using Conformance.Policy;

namespace Conformance.Tests.Policy;

public sealed class HostnameMatcherTests
{
    [Theory]
    [InlineData("api.default", "api.default", true)]
    [InlineData("API.Default", "api.default", true)]
    [InlineData("api.default", "API.DEFAULT", true)]
    [InlineData("api.default.", "api.default", true)]
    [InlineData("api.default", "api.default.", true)]
    [InlineData("api.default.", "api.default.", true)]
    [InlineData("api.default", "api.default..", false)]
    [InlineData("notification-controller.flux-system.svc.cluster.local", "notification-controller.flux-system.svc.cluster.local.", true)]
    [InlineData("kn-routing", "kn-routing", true)]
    [InlineData("kn-routing", "kn-routing.", true)]
    [InlineData("direktiv-flow-hl", "direktiv-flow-hl", true)]
    [InlineData("direktiv-flow-hl", "direktiv-flow", false)]
    [InlineData("*.default", "api.default", true)]
    [InlineData("*.default", "API.default.", true)]
    [InlineData("*.default", "default", false)]
    [InlineData("*.default", "a.b.default", false)]
    [InlineData("*.default", ".default", false)]
    [InlineData("*.ns.svc.cluster.local", "app.ns.svc.cluster.local", true)]
    [InlineData("*.ns.svc.cluster.local", "app.other.svc.cluster.local", false)]
    [InlineData("f*.example", "foo.example", false)]
    [InlineData("*oo.example", "foo.example", false)]
    [InlineData("*.*.x", "a.b.x", false)]
    [InlineData("a.*.x", "a.b.x", false)]
    [InlineData("*", "anything", false)]
    [InlineData("app.ns", "app.ns.svc", false)]
    [InlineData("app.ns.svc", "app.ns", false)]
    [InlineData("example.com", "examp1e.com", false)]
    [InlineData("127.0.0.1", "127.0.0.1", false)]
    [InlineData("localhost", "127.0.0.1", false)]
    public void Dns_san_matches_reference_name_per_rfc_6125(string presented, string reference, bool expected)
    {
        Assert.Equal(expected, HostnameMatcher.DnsMatches(presented, reference));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("[::1]", true)]
    [InlineData("0:0:0:0:0:0:0:1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("::2", false)]
    public void Ip_reference_matches_only_ip_address_sans(string reference, bool expected)
    {
        var match = HostnameMatcher.Match(["127.0.0.1", "localhost"], ["127.0.0.1", "::1"], reference);

        Assert.Equal(expected, match.Matched);
        Assert.Equal(HostnameMatcher.IpRule, match.Rule);
    }

    [Fact]
    public void Ip_reference_never_matches_a_dns_san_spelling_the_same_address()
    {
        var match = HostnameMatcher.Match(["127.0.0.1", "::1"], [], "127.0.0.1");

        Assert.False(match.Matched);
        Assert.Null(match.MatchedBy);
    }

    [Fact]
    public void Numeric_single_label_name_is_a_dns_name_not_an_ip()
    {
        // IPAddress.TryParse would read "1234" as 0.0.4.210.
        Assert.False(HostnameMatcher.TryParseIpLiteral("1234", out _));
        Assert.True(HostnameMatcher.Match(["1234"], ["0.0.4.210"], "1234").Matched);
    }

    [Fact]
    public void Wildcard_match_names_the_wildcard_rule_and_the_san()
    {
        var match = HostnameMatcher.Match(["localhost", "*.default"], [], "api.default");

        Assert.True(match.Matched);
        Assert.Equal("*.default", match.MatchedBy);
        Assert.Equal(HostnameMatcher.WildcardRule, match.Rule);
    }

    [Fact]
    public void Certificate_sans_are_matched_for_dns_and_ip_references()
    {
        using var root = CertificateAuthority.CreateRoot("matcher root");
        using var leaf = root.Issue(new LeafSpecBuilder().WithDnsNames("kn-routing", "*.default").WithIpAddresses("127.0.0.1", "::1").Build());

        Assert.Equal("kn-routing", HostnameMatcher.Match(leaf.Certificate, "KN-ROUTING.").MatchedBy);
        Assert.Equal("*.default", HostnameMatcher.Match(leaf.Certificate, "api.default").MatchedBy);
        Assert.Equal("::1", HostnameMatcher.Match(leaf.Certificate, "::1").MatchedBy);
        Assert.Equal("127.0.0.1", HostnameMatcher.Match(leaf.Certificate, "127.0.0.1").MatchedBy);
        Assert.False(HostnameMatcher.Match(leaf.Certificate, "a.b.default").Matched);
    }

    [Fact]
    public void Common_name_is_ignored_when_the_certificate_has_no_sans()
    {
        using var root = CertificateAuthority.CreateRoot("matcher root");
        using var leaf = root.Issue(new LeafSpecBuilder().WithCommonName("localhost").WithDnsNames("localhost").WithoutSubjectAlternativeNames().Build());

        var match = HostnameMatcher.Match(leaf.Certificate, "localhost");

        Assert.False(match.Matched);
        Assert.Equal(HostnameMatcher.NoSanRule, match.Rule);
    }

    [Fact]
    public void Common_name_is_ignored_when_sans_exist()
    {
        using var root = CertificateAuthority.CreateRoot("matcher root");
        using var leaf = root.Issue(new LeafSpecBuilder().WithCommonName("cn-only.example").WithDnsNames("san.example").Build());

        Assert.False(HostnameMatcher.Match(leaf.Certificate, "cn-only.example").Matched);
    }
}
