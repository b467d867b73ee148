using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>Each mutant breaks its one requirement, observed the way a client would observe it.</summary>
public sealed class MutantTests(ReferencePki pki)
{
    private const string Marker = "conformance-reference-content";

    [Theory]
    [InlineData("Redirect302", "/p%20q?a=1", 302, "/p%20q?a=1")]
    [InlineData("dropsquery", "/p%20q?a=1&b=2", 301, "/p%20q")]
    [InlineData("DecodesPath", "/a%20b/%2Fc%C3%A9?x=%20", 301, "/a b//cé?x=%20")]
    public async Task Redirect_mutants_change_status_or_location(string mutant, string target, int status, string location)
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.WithRedirect(pki, "--mutant", mutant), [ports.Http], ct);

        var response = await RawHttp.SendPlainAsync(ports.Http, $"GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n", ct);

        Assert.Equal(status, response.Status);
        Assert.Equal(ports.RedirectBase + location, response.Header("Location"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task OpenRedirect_takes_the_location_host_from_the_host_header()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.WithRedirect(pki, "--mutant", "openredirect"), [ports.Http], ct);

        var response = await RawHttp.SendPlainAsync(ports.Http, "GET /x?y=1 HTTP/1.1\r\nHost: evil.example:444\r\n\r\n", ct);

        Assert.Equal(301, response.Status);
        Assert.Equal($"https://evil.example:{new Uri(ports.RedirectBase).Port}/x?y=1", response.Header("Location"));
    }

    [Fact]
    public async Task RedirectBody_sends_the_application_content_with_the_301()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.WithRedirect(pki, "--mutant", "RedirectBody"), [ports.Http], ct);

        var response = await RawHttp.SendPlainAsync(ports.Http, "GET /doc HTTP/1.1\r\nHost: localhost\r\n\r\n", ct);

        Assert.Equal(301, response.Status);
        Assert.Equal(ports.RedirectBase + "/doc", response.Header("Location"));
        Assert.Equal($"{Marker} mode=reference path=/doc\n", response.BodyText);
    }

    [Fact]
    public async Task OldPortServesContent_answers_200_with_the_marker_on_the_http_port()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.WithRedirect(pki, "--mutant", "OldPortServesContent"), [ports.Http], ct);

        var response = await RawHttp.SendPlainAsync(ports.Http, "GET /any HTTP/1.1\r\nHost: localhost\r\n\r\n", ct);

        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("Location"));
        Assert.Contains(Marker, response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaintextAnswered_answers_plain_http_on_the_tls_port_and_tls_still_works()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki, "--mutant", "PlaintextAnswered"), [ports.Https], ct);

        var plain = await RawHttp.SendPlainAsync(ports.Https, "GET /secret?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n", ct);
        await using var tls = await TlsConnection.ConnectAsync(ports.Https, "localhost", SslProtocols.Tls13, ct);
        var overTls = await tls.SendAsync("GET", "/ok", ct);

        Assert.Equal("HTTP/1.1 200 OK", plain.StatusLine);
        Assert.Equal($"{Marker} mode=reference path=/secret?x=1\n", plain.BodyText);
        Assert.Equal(200, overTls.Status);
        Assert.Equal(pki.DefaultLeaf.Thumbprint, tls.Leaf.Thumbprint);
    }

    [Fact]
    public async Task HttpsBouncesToPlaintext_sends_tls_requests_off_the_content_path_back_to_http_and_serves_the_content_path()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki, "--mutant", "HttpsBouncesToPlaintext"), [ports.Https], ct);

        await using var other = await TlsConnection.ConnectAsync(ports.Https, "localhost", SslProtocols.Tls13, ct);
        var bounced = await other.SendAsync("GET", "/a%20b?x=1", ct);
        await using var root = await TlsConnection.ConnectAsync(ports.Https, "localhost", SslProtocols.Tls13, ct);
        var content = await root.SendAsync("GET", "/?x=1", ct);

        Assert.Equal(301, bounced.Status);
        Assert.Equal("http://localhost/a%20b?x=1", bounced.Header("Location"));
        Assert.Empty(bounced.Body);
        Assert.Equal(200, content.Status);
        Assert.Equal($"{Marker} mode=reference path=/?x=1\n", content.BodyText);
    }

    [Fact]
    public async Task IpSanAsDns_reissues_the_leaf_with_the_ip_written_as_a_dns_name()
    {
        var leaf = await ServedLeafAsync("IpSanAsDns", "localhost");
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Empty(san.EnumerateIPAddresses());
        Assert.Equal([ReferencePki.DefaultDns0, ReferencePki.DefaultDns1, ReferencePki.DefaultDns2, "127.0.0.1"], san.EnumerateDnsNames());
        AssertReissuedFaithfully(leaf);
    }

    [Fact]
    public async Task SanMissing_reissues_the_leaf_without_its_last_dns_name()
    {
        var leaf = await ServedLeafAsync("sanmissing", "localhost");
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Equal([ReferencePki.DefaultDns0, ReferencePki.DefaultDns1], san.EnumerateDnsNames());
        Assert.Equal("127.0.0.1", Assert.Single(san.EnumerateIPAddresses()).ToString());
        AssertReissuedFaithfully(leaf);
    }

    [Fact]
    public async Task WildcardTooBroad_widens_the_first_long_name_to_its_parent()
    {
        var leaf = await ServedLeafAsync("WildcardTooBroad", "localhost");
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Equal([ReferencePki.DefaultDns0, "*.apps.svc.cluster.local", ReferencePki.DefaultDns2], san.EnumerateDnsNames());
        AssertReissuedFaithfully(leaf);
    }

    [Fact]
    public async Task ClientAuthOnlyEku_reissues_the_leaf_for_client_auth_only()
    {
        var leaf = await ServedLeafAsync("ClientAuthOnlyEku", "localhost");
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();

        Assert.Equal(["1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.Equal(
            pki.DefaultLeaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().RawData,
            leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().RawData);
        AssertReissuedFaithfully(leaf);
    }

    [Fact]
    public async Task SniIgnored_serves_the_default_certificate_to_a_known_sni()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki, [.. pki.SniArgs, "--mutant", "SniIgnored"]), [ports.Https], ct);

        await using var tls = await TlsConnection.ConnectAsync(ports.Https, ReferencePki.SniExact, SslProtocols.Tls13, ct);

        Assert.Equal(pki.DefaultLeaf.Thumbprint, tls.Leaf.Thumbprint);
    }

    private async Task<X509Certificate2> ServedLeafAsync(string mutant, string serverName)
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki, [.. pki.CaArgs, "--mutant", mutant]), [ports.Https], ct);
        await using var tls = await TlsConnection.ConnectAsync(ports.Https, serverName, SslProtocols.Tls13, ct);
        var response = await tls.SendAsync("GET", "/", ct);
        Assert.Equal(200, response.Status);
        Assert.Contains(tls.Served, c => c.Thumbprint == pki.Intermediate.Thumbprint);
        return tls.Leaf;
    }

    /// <summary>A re-issued leaf changes its key and the one mutated field, nothing a client would notice otherwise.</summary>
    private void AssertReissuedFaithfully(X509Certificate2 leaf)
    {
        var original = pki.DefaultLeaf;
        Assert.NotEqual(original.Thumbprint, leaf.Thumbprint);
        Assert.NotEqual(original.GetPublicKey(), leaf.GetPublicKey());
        Assert.Equal(original.Subject, leaf.Subject);
        Assert.Equal(original.Issuer, leaf.Issuer);
        Assert.Equal(original.NotBefore, leaf.NotBefore);
        Assert.Equal(original.NotAfter, leaf.NotAfter);
        Assert.True(pki.ChainsToRoot(leaf));
    }
}
