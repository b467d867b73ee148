using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>Sends one HTTP/1.1 request over TCP or TLS and records the exchange. It never follows redirects and never retries.</summary>
public sealed class HttpProbe(ProbeOptions options, TimeProvider time)
{
    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Sends the request with exactly <see cref="HttpProbeRequest.HostHeader"/>, the extra headers in order, a
    /// Content-Length when there is a body, and <c>Connection: close</c> (unless the caller set its own). TLS accepts
    /// any chain. Failures fill <see cref="HttpExchangeEvidence.Error"/> with a null status; only cancellation throws.
    /// </summary>
    public async Task<HttpExchangeEvidence> SendAsync(HttpProbeRequest request, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        var scheme = request.Tls ? "https" : "http";
        HttpExchangeEvidence Failed(string error) => new(
            request.Endpoint, scheme, request.Host, request.Port, request.ServerName, request.Method, request.Target, request.HostHeader,
            null, null, [], null, 0, null, error, Time.GetElapsedTime(started).TotalMilliseconds);

        Socket socket;
        try
        {
            socket = await ProbeSocket.ConnectAsync(request.Host, request.Port, Options.ConnectTimeout, Time, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failure = ProbeErrors.Classify(e);
            return Failed(failure == ProbeFailure.Other ? $"connect failed: {ProbeErrors.Describe(e)}" : ProbeErrors.Short(failure));
        }

        TlsSession? session = null;
        try
        {
            Stream stream;
            if (request.Tls)
            {
                session = TlsSession.Create(socket);
                using var deadline = new CancellationTokenSource(Options.ConnectTimeout + Options.ReadTimeout, Time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
                try
                {
                    await session.AuthenticateAsync(request.ServerName, SslProtocols.None, [], request.ClientCertificate, linked.Token, request.ClientIntermediates);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return Failed("TLS handshake failed: timed out");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var alert = OpenSslAlerts.Find(e);
                    var failure = ProbeErrors.Classify(e);
                    var why = alert is not null ? $"alert {alert}" : failure != ProbeFailure.Other ? ProbeErrors.Short(failure) : ProbeErrors.Describe(e);
                    return Failed($"TLS handshake failed: {why}");
                }

                stream = session.Stream;
            }
            else
            {
                stream = new NetworkStream(socket, ownsSocket: false);
            }

            try
            {
                await stream.WriteAsync(RequestBytes(request), cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException or AuthenticationException)
            {
                var alert = OpenSslAlerts.Find(e);
                return Failed(alert is not null ? $"alert {alert} while writing" : $"{ProbeErrors.Short(ProbeErrors.Classify(e))} while writing");
            }

            // Keep the head plus MaxBodyBytes of body; 64 KiB is ample for any status line and headers.
            var read = await ResponseReader.ReadAsync(stream, request.Method, Options.MaxBodyBytes + (64 * 1024), Options.ReadTimeout, Time, cancellationToken);
            return Record(request, scheme, read, started);
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            socket.Dispose();
        }
    }

    private HttpExchangeEvidence Record(HttpProbeRequest request, string scheme, ReadResult read, long started)
    {
        var elapsed = Time.GetElapsedTime(started).TotalMilliseconds;
        var head = read.Data.Length > 0 ? HttpResponseParser.ParseHead(read.Data) : null;
        if (head is null)
        {
            string error;
            if (read.Data.Length > 0)
            {
                error = $"no HTTP status line; first bytes {Convert.ToHexString(read.Data.AsSpan(0, Math.Min(16, read.Data.Length)))}";
            }
            else
            {
                error = read.End switch
                {
                    ReadEnd.Deadline => "timed out",
                    ReadEnd.Error when OpenSslAlerts.Find(read.Error!) is { } alert => $"alert {alert}",
                    ReadEnd.Error => ProbeErrors.Classify(read.Error!) == ProbeFailure.Reset ? "reset" : ProbeErrors.Describe(read.Error!),
                    _ => "closed without response",
                };
            }

            return new HttpExchangeEvidence(request.Endpoint, scheme, request.Host, request.Port, request.ServerName, request.Method, request.Target,
                request.HostHeader, null, null, [], null, 0, null, error, elapsed);
        }

        var body = HttpResponseParser.Body(read.Data, head, request.Method);
        var kept = body.AsSpan(0, Math.Min(body.Length, Options.MaxBodyBytes));
        // Bytes beyond what was kept are counted; for chunked bodies the chunk framing of those bytes is counted too.
        var bodyBytes = (int)Math.Min(int.MaxValue, body.Length + (read.TotalBytes - read.Data.Length));
        return new HttpExchangeEvidence(request.Endpoint, scheme, request.Host, request.Port, request.ServerName, request.Method, request.Target,
            request.HostHeader, head.Status, head.Reason, head.Headers, head.Header("Location"), bodyBytes, HttpResponseParser.Snippet(kept), null, elapsed);
    }

    private static byte[] RequestBytes(HttpProbeRequest request)
    {
        var sb = new StringBuilder();
        sb.Append(request.Method).Append(' ').Append(request.Target).Append(" HTTP/1.1\r\n");
        sb.Append("Host: ").Append(request.HostHeader).Append("\r\n");
        foreach (var h in request.Headers)
        {
            sb.Append(h.Name).Append(": ").Append(h.Value).Append("\r\n");
        }

        var body = request.Body is null ? null : Encoding.UTF8.GetBytes(request.Body);
        bool Has(string name) => request.Headers.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        if (!Has("Content-Length") && !Has("Transfer-Encoding") && (body is not null || HttpMethods.DefinesContent(request.Method)))
        {
            // A body-less POST still states its length (RFC 9110 8.6): without it some servers answer 411 Length
            // Required, which is not what the probe asks about.
            sb.Append("Content-Length: ").Append(body?.Length ?? 0).Append("\r\n");
        }

        if (!Has("Connection"))
        {
            sb.Append("Connection: close\r\n");
        }

        sb.Append("\r\n");
        var head = Encoding.ASCII.GetBytes(sb.ToString());
        return body is null ? head : [.. head, .. body];
    }
}
