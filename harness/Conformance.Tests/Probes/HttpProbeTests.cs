using System.Text;
using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Tests.Support;

namespace Conformance.Tests.Probes;

public sealed class HttpProbeTests
{
    private static readonly HttpProbe Probe = new(new ProbeOptions(), TimeProvider.System);

    private static Task<HttpExchangeEvidence> SendAsync(HttpProbeRequest request) => Probe.SendAsync(request, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Redirect_is_recorded_not_followed_with_headers_in_order_and_duplicates_kept()
    {
        await using var server = new RawTcpServer(RawBehaviours.Http("HTTP/1.1 301 Moved Permanently", string.Empty,
            "Location: https://example.test:9443/a?b=c", "Set-Cookie: a=1", "Set-Cookie: b=2"));

        var e = await SendAsync(new HttpProbeRequest("ep", "127.0.0.1", server.Port, "GET", "/a?b=c", "example.test"));

        Assert.Null(e.Error);
        Assert.Equal(301, e.Status);
        Assert.Equal("Moved Permanently", e.ReasonPhrase);
        Assert.Equal("https://example.test:9443/a?b=c", e.Location);
        Assert.Equal(["Location", "Set-Cookie", "Set-Cookie", "Content-Length", "Connection"], e.ResponseHeaders.Select(h => h.Name));
        Assert.Equal(["a=1", "b=2"], e.ResponseHeaders.Where(h => h.Name == "Set-Cookie").Select(h => h.Value));
        Assert.Equal(0, e.BodyBytes);
        Assert.Equal("http", e.Scheme);
    }

    [Fact]
    public async Task Request_carries_exactly_the_host_header_body_and_extra_headers()
    {
        var seen = new TaskCompletionSource<string>();
        await using var server = new RawTcpServer(async (socket, ct) =>
        {
            var head = await RawBehaviours.ReadHeadAsync(socket, ct);
            seen.TrySetResult(head);
            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), System.Net.Sockets.SocketFlags.None, ct);
        });

        var e = await SendAsync(new HttpProbeRequest("ep", "127.0.0.1", server.Port, "POST", "/x", "evil.example:8080")
        {
            Body = "hello",
            Headers = [new HttpHeader("X-Test", "1")],
        });
        var request = await seen.Task.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(200, e.Status);
        Assert.StartsWith("POST /x HTTP/1.1\r\nHost: evil.example:8080\r\nX-Test: 1\r\nContent-Length: 5\r\nConnection: close\r\n\r\n", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_less_post_states_content_length_zero()
    {
        // lighttpd answers a POST without Content-Length with 411 Length Required, which is not what is probed.
        var seen = new TaskCompletionSource<string>();
        await using var server = new RawTcpServer(async (socket, ct) =>
        {
            seen.TrySetResult(await RawBehaviours.ReadHeadAsync(socket, ct));
            await socket.SendAsync("HTTP/1.1 301 Moved Permanently\r\nLocation: https://x.test/\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), System.Net.Sockets.SocketFlags.None, ct);
        });

        var e = await SendAsync(new HttpProbeRequest("ep", "127.0.0.1", server.Port, "POST", "/x", "x.test"));
        var request = await seen.Task.WaitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(301, e.Status);
        Assert.StartsWith("POST /x HTTP/1.1\r\nHost: x.test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunked_body_is_decoded_and_counted()
    {
        var body = "4\r\nWiki\r\n6\r\npedia \r\n0\r\n\r\n";
        await using var server = new RawTcpServer(RawBehaviours.Answer(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{body}")));

        var e = await SendAsync(new HttpProbeRequest("ep", "127.0.0.1", server.Port, "GET", "/", "localhost"));

        Assert.Equal(200, e.Status);
        Assert.Equal("Wikipedia ", e.BodySnippet);
        Assert.Equal(10, e.BodyBytes);
    }

    [Fact]
    public async Task Body_until_close_is_read_when_there_is_no_length()
    {
        await using var server = new RawTcpServer(RawBehaviours.Answer(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n\r\n" + new string('x', 2000))));

        var e = await SendAsync(new HttpProbeRequest("ep", "127.0.0.1", server.Port, "GET", "/", "localhost"));

        Assert.Equal(2000, e.BodyBytes);
        Assert.Equal(512, e.BodySnippet!.Length);
    }

    [Fact]
    public async Task Tls_request_accepts_any_certificate_and_reads_the_answer()
    {
        using var root = CertificateAuthority.CreateRoot("http root");
        using var leaf = root.Issue(new LeafSpecBuilder().WithDnsNames("other.name").Build());
        await using var server = new TlsTestServer(new TlsTestServerOptions(leaf.Certificate));

        var e = await SendAsync(new HttpProbeRequest("ep", "127.0.0.1", server.Port, "GET", "/", "localhost") { Tls = true, ServerName = "localhost" });

        Assert.Null(e.Error);
        Assert.Equal("https", e.Scheme);
        Assert.Equal(200, e.Status);
        Assert.Equal("ok", e.BodySnippet);
    }

    [Fact]
    public async Task Tls_to_a_plaintext_port_fails_the_handshake()
    {
        await using var server = new RawTcpServer(RawBehaviours.Http("HTTP/1.1 400 Bad Request", "plain"));

        var e = await SendAsync(new HttpProbeRequest("ep", "127.0.0.1", server.Port, "GET", "/", "localhost") { Tls = true, ServerName = "localhost" });

        Assert.Null(e.Status);
        Assert.StartsWith("TLS handshake failed", e.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_fill_error_with_a_short_reason()
    {
        await using var reset = new RawTcpServer(RawBehaviours.Reset());
        await using var closed = new RawTcpServer(RawBehaviours.CloseCleanly());

        var refused = await SendAsync(new HttpProbeRequest("ep", "127.0.0.1", ClosedPort.Get(), "GET", "/", "localhost"));
        var wasReset = await SendAsync(new HttpProbeRequest("ep", "127.0.0.1", reset.Port, "GET", "/", "localhost"));
        var wasClosed = await SendAsync(new HttpProbeRequest("ep", "127.0.0.1", closed.Port, "GET", "/", "localhost"));

        Assert.Equal("connection refused", refused.Error);
        Assert.Equal("reset", wasReset.Error);
        Assert.Equal("closed without response", wasClosed.Error);
        Assert.All([refused, wasReset, wasClosed], e => Assert.Null(e.Status));
    }
}
