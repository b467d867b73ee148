using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Conformance.Evidence;
using Conformance.Policy;

namespace Conformance.Probes;

/// <summary>
/// Performs one TLS handshake with <see cref="System.Net.Security.SslStream"/>, accepting any chain (the policy
/// judges it later), and records version, cipher, ALPN, the served chain and the outcome class with the alert
/// where one can be read.
/// </summary>
public sealed class HandshakeProbe(ProbeOptions options, TimeProvider time)
{
    private static readonly byte[] Http2Preface = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 4, 0, 0, 0, 0, 0];

    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Connects, handshakes and, when <see cref="HandshakeRequest.RequestPathAfterHandshake"/> is set, writes a request and
    /// reads the answer (HTTP/1.1, or the HTTP/2 preface when ALPN chose h2). Server behaviour never throws; only
    /// cancellation does.
    /// </summary>
    public async Task<HandshakeResult> ConnectAsync(HandshakeRequest request, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        HandshakeResult Result(HandshakeOutcome outcome, TlsAlert? alert, string? detail, TlsSession? session = null, int? status = null)
        {
            var chain = session?.Served ?? [];
            var stream = session?.Stream;
            var authenticated = stream?.IsAuthenticated == true;
            var alpn = authenticated && stream!.NegotiatedApplicationProtocol.Protocol.Length > 0 ? stream.NegotiatedApplicationProtocol.ToString() : null;
            var evidence = new HandshakeEvidence(
                request.Endpoint, request.Host, request.Port, request.ServerName,
                authenticated ? stream!.SslProtocol : null,
                authenticated ? stream!.NegotiatedCipherSuite.ToString() : null,
                alpn,
                [.. chain.Select(CertificateSummaries.From)],
                outcome, alert, detail, Time.GetElapsedTime(started).TotalMilliseconds)
            {
                CertificateRequested = session?.CertificateRequested,
            };
            return new HandshakeResult(evidence, [.. chain], status);
        }

        Socket socket;
        try
        {
            socket = await ProbeSocket.ConnectAsync(request.Host, request.Port, Options.ConnectTimeout, Time, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ProbeErrors.Classify(e) switch
            {
                ProbeFailure.ConnectionRefused => Result(HandshakeOutcome.ConnectionRefused, null, "connection refused"),
                ProbeFailure.TimedOut => Result(HandshakeOutcome.TimedOut, null, "connect timed out"),
                ProbeFailure.Reset => Result(HandshakeOutcome.Reset, null, "reset during connect"),
                _ => Result(HandshakeOutcome.ConnectionRefused, null, ProbeErrors.Describe(e)),
            };
        }

        await using var session = TlsSession.Create(socket);
        using (var deadline = new CancellationTokenSource(Options.ConnectTimeout + Options.ReadTimeout, Time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                await session.AuthenticateAsync(request.ServerName, request.Protocols, request.Alpn, request.ClientCertificate, linked.Token, request.ClientIntermediates);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Result(HandshakeOutcome.TimedOut, null, "no handshake answer before the deadline", session);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HandshakeFailure(e, session, Result);
            }
        }

        if (request.RequestPathAfterHandshake is null)
        {
            return Result(HandshakeOutcome.Accepted, null, "handshake completed", session);
        }

        return await AfterHandshakeAsync(request, session, Result, cancellationToken);
    }

    private static HandshakeResult HandshakeFailure(Exception e, TlsSession session, Func<HandshakeOutcome, TlsAlert?, string?, TlsSession?, int?, HandshakeResult> result)
    {
        var detail = ProbeErrors.Describe(e);
        var first = session.Wire.First;
        if (first.Length >= 2 && (first[0] is < 0x14 or > 0x17 || first[1] != 0x03))
        {
            // The server's first bytes are not a TLS record: a plaintext (HTTP or HTTP/0.9) answer on a TLS port.
            return result(HandshakeOutcome.NonTlsAnswer, null, $"{first.Length} non-TLS bytes ({Convert.ToHexString(first)}, \"{Printable(first)}\")", session, null);
        }

        if (first.Length >= 7 && first[0] == 0x15)
        {
            // The server's first record is an alert, still in plaintext (no keys yet): the exact code is on the wire.
            return result(HandshakeOutcome.RefusedInHandshake, TlsAlert.From(first[5], first[6]), $"alert {TlsAlert.From(first[5], first[6])} as the server's first record", session, null);
        }

        var alert = OpenSslAlerts.Find(e);
        if (alert is not null)
        {
            return result(HandshakeOutcome.RefusedInHandshake, alert, detail, session, null);
        }

        return ProbeErrors.Classify(e) switch
        {
            ProbeFailure.Reset => result(HandshakeOutcome.Reset, null, detail, session, null),
            ProbeFailure.ClosedCleanly => result(HandshakeOutcome.ClosedCleanly, null, detail, session, null),
            ProbeFailure.TimedOut => result(HandshakeOutcome.TimedOut, null, detail, session, null),
            // No alert and no transport cause: OpenSSL itself refused (e.g. its own version policy) or the text was unknown.
            _ => result(HandshakeOutcome.RefusedInHandshake, null, detail, session, null),
        };
    }

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        new([.. Encoding.ASCII.GetString(bytes).Select(c => char.IsControl(c) ? '.' : c)]);

    private async Task<HandshakeResult> AfterHandshakeAsync(
        HandshakeRequest request,
        TlsSession session,
        Func<HandshakeOutcome, TlsAlert?, string?, TlsSession?, int?, HandshakeResult> result,
        CancellationToken cancellationToken)
    {
        var h2 = session.Stream.NegotiatedApplicationProtocol == SslApplicationProtocol.Http2;
        var host = (request.ServerName ?? request.Host).TrimEnd('.');
        var bytes = h2
            ? Http2Preface
            : Encoding.ASCII.GetBytes($"GET {request.RequestPathAfterHandshake} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        try
        {
            await session.Stream.WriteAsync(bytes, cancellationToken);
            await session.Stream.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or ObjectDisposedException)
        {
            return result(HandshakeOutcome.RefusedAfterHandshake, OpenSslAlerts.Find(e), $"closed after handshake (writing the request: {ProbeErrors.Describe(e)})", session, null);
        }

        // An HTTP/2 server keeps the connection open after its SETTINGS: the first frame header (9 bytes) is the answer,
        // so the read ends there rather than at the deadline.
        var read = h2
            ? await ResponseReader.ReadAsync(session.Stream, Options.MaxBodyBytes, Options.ReadTimeout, Time, kept => kept.Count >= 9, cancellationToken)
            : await ResponseReader.ReadAsync(session.Stream, "GET", Options.MaxBodyBytes, Options.ReadTimeout, Time, cancellationToken);
        if (read.Data.Length == 0)
        {
            return read.End switch
            {
                ReadEnd.Error => result(HandshakeOutcome.RefusedAfterHandshake, OpenSslAlerts.Find(read.Error!), $"closed after handshake ({ProbeErrors.Describe(read.Error!)})", session, null),
                ReadEnd.Deadline => result(HandshakeOutcome.TimedOut, null, "handshake completed; no answer to the request before the deadline", session, null),
                _ => result(HandshakeOutcome.RefusedAfterHandshake, null, "closed after handshake", session, null),
            };
        }

        if (h2)
        {
            // Frame header: length (3), type (1); type 4 is SETTINGS, which an accepting HTTP/2 server sends first.
            var settings = read.Data.Length >= 4 && read.Data[3] == 4;
            return settings
                ? result(HandshakeOutcome.Accepted, null, "h2: server SETTINGS received", session, null)
                : result(HandshakeOutcome.Accepted, null, $"h2: first bytes {Convert.ToHexString(read.Data.AsSpan(0, Math.Min(16, read.Data.Length)))}", session, null);
        }

        var head = HttpResponseParser.ParseHead(read.Data);
        if (head is null)
        {
            return result(HandshakeOutcome.Accepted, null, $"non-HTTP answer after handshake: {Convert.ToHexString(read.Data.AsSpan(0, Math.Min(16, read.Data.Length)))}", session, null);
        }

        var outcome = head.Status is >= 400 and < 500 ? HandshakeOutcome.RefusedByApplication : HandshakeOutcome.Accepted;
        return result(outcome, null, head.StatusLine, session, head.Status);
    }
}
