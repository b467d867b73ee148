using System.Net.Sockets;
using System.Text;
using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>
/// Sends one plaintext HTTP/1.1 request on a raw socket and classifies what came back: a TLS alert record,
/// an HTTP error page, a redirect, application content, a clean close, a reset, non-HTTP bytes, or nothing.
/// </summary>
public sealed class PlaintextProbe(ProbeOptions options, TimeProvider time)
{
    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Writes <c>METHOD target HTTP/1.1</c> with <c>Host: hostHeader</c> and <c>Connection: close</c>, reads until
    /// the peer closes, the read deadline passes or <see cref="ProbeOptions.MaxBodyBytes"/> arrive, and classifies.
    /// Connection refused is an outcome, not an exception.
    /// </summary>
    public async Task<PlaintextEvidence> SendAsync(string endpoint, string host, int port, string method, string target, string hostHeader, CancellationToken cancellationToken)
    {
        var requestLine = $"{method} {target} HTTP/1.1";
        var started = Time.GetTimestamp();
        PlaintextEvidence Outcome(PlaintextOutcome outcome) =>
            new(endpoint, host, port, requestLine, outcome, null, null, null, 0, null, null, null, Time.GetElapsedTime(started).TotalMilliseconds);

        Socket socket;
        try
        {
            socket = await ProbeSocket.ConnectAsync(host, port, Options.ConnectTimeout, Time, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Outcome(ProbeErrors.Classify(e) switch
            {
                ProbeFailure.ConnectionRefused => PlaintextOutcome.ConnectionRefused,
                ProbeFailure.Reset => PlaintextOutcome.Reset,
                // A connect that never completes is as much "nothing arrived" as a silent open connection.
                _ => PlaintextOutcome.TimedOut,
            });
        }

        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            // A body-less POST states its length (RFC 9110 8.6), or some servers answer 411 instead of what is probed.
            var length = HttpMethods.DefinesContent(method) ? "Content-Length: 0\r\n" : string.Empty;
            var request = Encoding.ASCII.GetBytes($"{requestLine}\r\nHost: {hostHeader}\r\n{length}Connection: close\r\n\r\n");
            try
            {
                await stream.WriteAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // The server may already have closed or reset; reading below tells which (and keeps any alert it sent).
                if (ProbeErrors.Classify(e) == ProbeFailure.Reset)
                {
                    return Outcome(PlaintextOutcome.Reset);
                }
            }

            var read = await ResponseReader.ReadAsync(stream, method, Options.MaxBodyBytes, Options.ReadTimeout, Time, cancellationToken);
            return Classify(endpoint, host, port, requestLine, method, read, Time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    internal static PlaintextEvidence Classify(string endpoint, string host, int port, string requestLine, string method, ReadResult read, double elapsedMs)
    {
        var data = read.Data;
        var total = (int)Math.Min(read.TotalBytes, int.MaxValue);
        if (data.Length == 0)
        {
            var outcome = read.End switch
            {
                ReadEnd.Deadline => PlaintextOutcome.TimedOut,
                ReadEnd.Error when read.Error is not null && ProbeErrors.Classify(read.Error) == ProbeFailure.Reset => PlaintextOutcome.Reset,
                ReadEnd.Error => PlaintextOutcome.Reset,
                _ => PlaintextOutcome.ClosedCleanly,
            };
            return new PlaintextEvidence(endpoint, host, port, requestLine, outcome, null, null, null, 0, null, null, null, elapsedMs);
        }

        var firstHex = Convert.ToHexString(data.AsSpan(0, Math.Min(16, data.Length)));
        if (IsTlsRecord(data))
        {
            // A plaintext alert is readable: no keys exist before the handshake. Record: type, version (2), length (2), level, code.
            TlsAlert? alert = data[0] == 0x15 && data.Length >= 7 ? TlsAlert.From(data[5], data[6]) : null;
            var outcome = data[0] == 0x15 ? PlaintextOutcome.TlsAlert : PlaintextOutcome.NonHttpBytes;
            return new PlaintextEvidence(endpoint, host, port, requestLine, outcome, null, null, null, total, firstHex, null, alert, elapsedMs);
        }

        var head = HttpResponseParser.ParseHead(data);
        if (head is null)
        {
            return new PlaintextEvidence(endpoint, host, port, requestLine, PlaintextOutcome.NonHttpBytes, null, null, null, total, firstHex,
                HttpResponseParser.Snippet(data), null, elapsedMs);
        }

        var httpOutcome = head.Status switch
        {
            >= 300 and < 400 => PlaintextOutcome.HttpRedirect,
            >= 400 => PlaintextOutcome.HttpErrorPage,
            _ => PlaintextOutcome.ApplicationResponse,
        };
        var body = HttpResponseParser.Body(data, head, method);
        return new PlaintextEvidence(endpoint, host, port, requestLine, httpOutcome, head.Status, head.StatusLine, head.Header("Location"), total,
            firstHex, HttpResponseParser.Snippet(body), null, elapsedMs);
    }

    private static bool IsTlsRecord(byte[] data) =>
        data.Length >= 2 && data[0] is >= 0x14 and <= 0x17 && data[1] == 0x03;
}
