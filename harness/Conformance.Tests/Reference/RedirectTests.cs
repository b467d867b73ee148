using System.Security.Authentication;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>The conformant reference: the HTTP port only redirects (301, exact Location), the TLS port serves content.</summary>
public sealed class RedirectTests(ReferencePki pki)
{
    private const string Target = "/a%20b/%2Fc%C3%A9/~x;y?q=1%26two=%2F&empty=&plus=a+b";
    private const string Marker = "conformance-reference-content";

    [Fact]
    public async Task Http_port_answers_301_with_the_base_plus_the_raw_target_and_no_body()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.WithRedirect(pki), [ports.Https, ports.Http], ct);

        var response = await RawHttp.SendPlainAsync(ports.Http, $"GET {Target} HTTP/1.1\r\nHost: localhost\r\n\r\n", ct);

        Assert.Equal("HTTP/1.1 301 Moved Permanently", response.StatusLine);
        Assert.Equal(ports.RedirectBase + Target, response.Header("Location"));
        Assert.Equal("0", response.Header("Content-Length"));
        Assert.Empty(response.Body);
        Assert.Equal($"listening https={ports.Https} http={ports.Http}\n", server.Stdout);
    }

    [Fact]
    public async Task Forged_host_header_does_not_change_the_location()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.WithRedirect(pki), [ports.Http], ct);

        var forged = await RawHttp.SendPlainAsync(ports.Http, "GET /x?y HTTP/1.1\r\nHost: evil.example\r\n\r\n", ct);
        var absolute = await RawHttp.SendPlainAsync(ports.Http, "GET http://evil.example/x?y HTTP/1.1\r\nHost: evil.example\r\n\r\n", ct);

        Assert.Equal(ports.RedirectBase + "/x?y", forged.Header("Location"));
        Assert.Equal(ports.RedirectBase + "/x?y", absolute.Header("Location"));
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task Every_method_gets_the_same_bodiless_301(string method)
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.WithRedirect(pki), [ports.Http], ct);

        var request = method == "POST"
            ? "POST /form?a=1 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"
            : $"{method} /form?a=1 HTTP/1.1\r\nHost: localhost\r\n\r\n";
        var response = await RawHttp.SendPlainAsync(ports.Http, request, ct, head: method == "HEAD");

        Assert.Equal(301, response.Status);
        Assert.Equal(ports.RedirectBase + "/form?a=1", response.Header("Location"));
        Assert.Empty(response.Body);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls_port_serves_the_marker_and_the_raw_target(SslProtocols protocol)
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.WithRedirect(pki, "--content-marker", "marker-xyz"), [ports.Https], ct);

        await using var tls = await TlsConnection.ConnectAsync(ports.Https, "localhost", protocol, ct);
        var response = await tls.SendAsync("GET", Target, ct);

        Assert.Equal(protocol, tls.Stream.SslProtocol);
        Assert.Equal(200, response.Status);
        Assert.Equal($"marker-xyz mode=reference path={Target}\n", response.BodyText);
    }

    [Fact]
    public async Task Head_on_the_tls_port_has_headers_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki), [ports.Https], ct);

        await using var tls = await TlsConnection.ConnectAsync(ports.Https, "localhost", SslProtocols.Tls13, ct);
        var response = await tls.SendAsync("HEAD", "/h", ct);

        Assert.Equal(200, response.Status);
        Assert.Equal($"{Marker} mode=reference path=/h\n".Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("Content-Length"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Plaintext_on_the_tls_port_is_closed_without_any_answer()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki), [ports.Https], ct);

        var outcome = await WireOutcome.SendAsync(ports.Https, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray(), TimeSpan.FromSeconds(10), ct);

        // Measured: Kestrel's TLS layer sees a non-TLS record and closes with FIN, sending no byte at all.
        Assert.Empty(outcome.Received);
        Assert.False(outcome.TimedOut);
        Assert.False(outcome.Reset);
    }

    [Fact]
    public async Task Feldera_mode_speaks_tls_on_its_only_port()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.HttpsOnly(pki, "--mode", "feldera"), [ports.Https], ct);

        await using var tls = await TlsConnection.ConnectAsync(ports.Https, "localhost", SslProtocols.Tls12, ct);
        var response = await tls.SendAsync("GET", "/v0/pipelines", ct);

        Assert.Equal($"{Marker} mode=feldera path=/v0/pipelines\n", response.BodyText);
        Assert.Equal($"listening https={ports.Https}\n", server.Stdout);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Sigterm_stops_the_server_cleanly()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(ports.WithRedirect(pki), [ports.Https, ports.Http], ct);
        TestContext.Current.SendDiagnosticMessage($"reference start-to-ready: {server.StartupTime.TotalMilliseconds:F0} ms");

        var exit = await server.TerminateAsync(ct);

        Assert.Equal(0, exit);
        Assert.Empty(server.Stderr);
    }
}
