using System.Text;
using Conformance.Evidence;
using Conformance.Pki;
using Conformance.Probes;
using Conformance.Tests.Support;

namespace Conformance.Tests.Probes;

public sealed class PlaintextProbeTests
{
    private static readonly PlaintextProbe Probe = new(new ProbeOptions { ConnectTimeout = TimeSpan.FromSeconds(3), ReadTimeout = TimeSpan.FromSeconds(3) }, TimeProvider.System);

    private static Task<PlaintextEvidence> SendAsync(int port, PlaintextProbe? probe = null) =>
        (probe ?? Probe).SendAsync("ep", "127.0.0.1", port, "GET", "/healthz", "localhost", TestContext.Current.CancellationToken);

    [Fact]
    public async Task Tls_alert_record_is_parsed_into_level_and_code()
    {
        await using var server = new RawTcpServer(RawBehaviours.Answer(RawBehaviours.AlertRecord(70)));

        var e = await SendAsync(server.Port);

        Assert.Equal(PlaintextOutcome.TlsAlert, e.Outcome);
        Assert.Equal(new TlsAlert(2, 70, "protocol_version"), e.Alert);
        Assert.Equal("15030300020246", e.FirstBytesHex);
        Assert.Equal(7, e.BytesReceived);
        Assert.Equal("GET /healthz HTTP/1.1", e.RequestLine);
    }

    [Fact]
    public async Task Post_states_content_length_zero_and_get_states_none()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = new RawTcpServer(async (socket, ct) =>
        {
            seen.Enqueue(await RawBehaviours.ReadHeadAsync(socket, ct));
            await socket.SendAsync("HTTP/1.1 301 Moved Permanently\r\nLocation: https://x.test/\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), System.Net.Sockets.SocketFlags.None, ct);
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        });
        var ct = TestContext.Current.CancellationToken;

        var post = await Probe.SendAsync("ep", "127.0.0.1", server.Port, "POST", "/x", "x.test", ct);
        var get = await Probe.SendAsync("ep", "127.0.0.1", server.Port, "GET", "/x", "x.test", ct);

        Assert.Equal(PlaintextOutcome.HttpRedirect, post.Outcome);
        Assert.Equal(PlaintextOutcome.HttpRedirect, get.Outcome);
        Assert.Equal(
            ["POST /x HTTP/1.1\r\nHost: x.test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "GET /x HTTP/1.1\r\nHost: x.test\r\nConnection: close\r\n\r\n"],
            seen);
    }

    [Fact]
    public async Task Http_400_page_is_an_error_page_with_its_body()
    {
        await using var server = new RawTcpServer(RawBehaviours.Http("HTTP/1.1 400 Bad Request", "The plain HTTP request was sent to HTTPS port"));

        var e = await SendAsync(server.Port);

        Assert.Equal(PlaintextOutcome.HttpErrorPage, e.Outcome);
        Assert.Equal(400, e.HttpStatus);
        Assert.Equal("HTTP/1.1 400 Bad Request", e.StatusLine);
        Assert.Equal("The plain HTTP request was sent to HTTPS port", e.BodySnippet);
    }

    [Fact]
    public async Task Http_200_is_application_content()
    {
        await using var server = new RawTcpServer(RawBehaviours.Http("HTTP/1.1 200 OK", "hello from the app"));

        var e = await SendAsync(server.Port);

        Assert.Equal(PlaintextOutcome.ApplicationResponse, e.Outcome);
        Assert.Equal(200, e.HttpStatus);
        Assert.Equal("hello from the app", e.BodySnippet);
    }

    [Fact]
    public async Task Http_301_is_a_redirect_with_its_location()
    {
        await using var server = new RawTcpServer(RawBehaviours.Http("HTTP/1.1 301 Moved Permanently", string.Empty, "Location: https://localhost:9443/healthz"));

        var e = await SendAsync(server.Port);

        Assert.Equal(PlaintextOutcome.HttpRedirect, e.Outcome);
        Assert.Equal("https://localhost:9443/healthz", e.Location);
        Assert.Null(e.BodySnippet);
    }

    [Fact]
    public async Task Http09_style_bytes_without_status_line_are_non_http()
    {
        await using var server = new RawTcpServer(RawBehaviours.Answer(Encoding.ASCII.GetBytes("\0\0\u0012\u0004garbage that is not HTTP")));

        var e = await SendAsync(server.Port);

        Assert.Equal(PlaintextOutcome.NonHttpBytes, e.Outcome);
        Assert.Null(e.HttpStatus);
        Assert.Equal("00001204", e.FirstBytesHex![..8]);
        Assert.Contains("garbage", e.BodySnippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_is_classified_as_reset()
    {
        await using var server = new RawTcpServer(RawBehaviours.Reset());

        var e = await SendAsync(server.Port);

        Assert.Equal(PlaintextOutcome.Reset, e.Outcome);
        Assert.Equal(0, e.BytesReceived);
    }

    [Fact]
    public async Task Fin_without_bytes_is_a_clean_close()
    {
        await using var server = new RawTcpServer(RawBehaviours.CloseCleanly());

        var e = await SendAsync(server.Port);

        Assert.Equal(PlaintextOutcome.ClosedCleanly, e.Outcome);
    }

    [Fact]
    public async Task Nothing_listening_is_connection_refused()
    {
        var e = await SendAsync(ClosedPort.Get());

        Assert.Equal(PlaintextOutcome.ConnectionRefused, e.Outcome);
    }

    [Fact]
    public async Task Silent_open_connection_times_out_at_the_read_deadline()
    {
        await using var server = new RawTcpServer(RawBehaviours.Silent());
        var probe = new PlaintextProbe(new ProbeOptions { ReadTimeout = TimeSpan.FromMilliseconds(300) }, TimeProvider.System);

        var e = await SendAsync(server.Port, probe);

        Assert.Equal(PlaintextOutcome.TimedOut, e.Outcome);
        Assert.True(e.ElapsedMs >= 250, $"elapsed {e.ElapsedMs} ms");
    }

    [Fact]
    public async Task Plaintext_to_an_sslstream_server_is_a_refusal_not_content()
    {
        using var root = CertificateAuthority.CreateRoot("plaintext root");
        using var leaf = root.Issue(new LeafSpecBuilder().WithDnsNames("localhost").Build());
        await using var server = new TlsTestServer(new TlsTestServerOptions(leaf.Certificate));

        var e = await SendAsync(server.Port);

        TestContext.Current.TestOutputHelper?.WriteLine($"SslStream (OpenSSL) server answered plaintext with {e.Outcome}, {e.BytesReceived} bytes {e.FirstBytesHex}, alert {e.Alert}");
        Assert.True(e.Outcome is PlaintextOutcome.TlsAlert or PlaintextOutcome.ClosedCleanly or PlaintextOutcome.Reset, $"{e.Outcome} {e.FirstBytesHex} {string.Join(";", server.ServerErrors)}");
        Assert.Null(e.HttpStatus);
    }
}
