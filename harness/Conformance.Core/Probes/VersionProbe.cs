using System.Net.Sockets;
using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>
/// Offers exactly one TLS version with a ClientHello the harness writes itself (not OpenSSL's, whose own policy
/// refuses TLS 1.0/1.1 on the client side), and reads the server's first record: a ServerHello (with the version
/// it chose, from supported_versions for TLS 1.3) or an alert with its exact code.
/// </summary>
public sealed class VersionProbe(ProbeOptions options, TimeProvider time)
{
    // A ServerHello is far smaller; anything longer than this before it completes is not a TLS server answering.
    private const int MaxRead = 32 * 1024;

    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    /// <summary>Offers <paramref name="version"/> only (with ciphers that version can use) and reports what the server answered.</summary>
    public async Task<VersionEvidence> OfferAsync(string endpoint, string host, int port, string? serverName, TlsVersion version, IReadOnlyList<string> alpn, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        var offered = version.DisplayName();
        VersionEvidence Result(VersionOutcome outcome, string detail, ReadOnlySpan<byte> first = default, ServerHelloInfo? hello = null, TlsAlert? alert = null) =>
            new(endpoint, host, port, serverName, offered, outcome,
                hello is null ? null : TlsVersions.Name(hello.Selected),
                hello?.CipherSuiteName,
                hello?.Alpn,
                alert,
                first.IsEmpty ? null : Convert.ToHexString(first[..Math.Min(first.Length, 32)]),
                Time.GetElapsedTime(started).TotalMilliseconds)
            {
                Detail = detail,
            };

        Socket socket;
        try
        {
            socket = await ProbeSocket.ConnectAsync(host, port, Options.ConnectTimeout, Time, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ProbeErrors.Classify(e) switch
            {
                ProbeFailure.TimedOut => Result(VersionOutcome.TimedOut, "connect timed out"),
                ProbeFailure.Reset => Result(VersionOutcome.Reset, "reset during connect"),
                _ => Result(VersionOutcome.ConnectionRefused, ProbeErrors.Describe(e)),
            };
        }

        using (socket)
        {
            var buffer = new byte[MaxRead];
            var length = 0;
            using var deadline = new CancellationTokenSource(Options.ReadTimeout, Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                await socket.SendAsync(ClientHelloWriter.Write(version, serverName, alpn), SocketFlags.None, linked.Token);
                while (true)
                {
                    var verdict = Judge(buffer.AsSpan(0, length), version, out var hello, out var alert, out var detail);
                    if (verdict is { } outcome)
                    {
                        return Result(outcome, detail, buffer.AsSpan(0, length), hello, alert);
                    }

                    if (length == buffer.Length)
                    {
                        return Result(VersionOutcome.NonTlsAnswer, $"{length} bytes without a complete ServerHello", buffer.AsSpan(0, length));
                    }

                    var n = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, linked.Token);
                    if (n == 0)
                    {
                        return length == 0
                            ? Result(VersionOutcome.ClosedCleanly, "closed (FIN) without an answer")
                            : Result(VersionOutcome.NonTlsAnswer, $"closed after {length} bytes that are not a complete TLS answer", buffer.AsSpan(0, length));
                    }

                    length += n;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Result(VersionOutcome.TimedOut, $"no complete answer within {Options.ReadTimeout.TotalMilliseconds:0} ms ({length} bytes)", buffer.AsSpan(0, length));
            }
            catch (SocketException e)
            {
                return ProbeErrors.Classify(e) switch
                {
                    ProbeFailure.Reset => Result(VersionOutcome.Reset, $"reset after {length} bytes", buffer.AsSpan(0, length)),
                    ProbeFailure.TimedOut => Result(VersionOutcome.TimedOut, $"timed out after {length} bytes", buffer.AsSpan(0, length)),
                    _ => Result(VersionOutcome.Reset, $"socket error {e.SocketErrorCode} after {length} bytes", buffer.AsSpan(0, length)),
                };
            }
        }
    }

    /// <summary>Decides from the bytes so far; null means "read more".</summary>
    internal static VersionOutcome? Judge(ReadOnlySpan<byte> data, TlsVersion offered, out ServerHelloInfo? hello, out TlsAlert? alert, out string detail)
    {
        hello = null;
        alert = null;
        detail = string.Empty;
        if (data.Length == 0)
        {
            return null;
        }

        if (data[0] is < 0x14 or > 0x18 || (data.Length >= 2 && data[1] != 0x03))
        {
            detail = "the first bytes are not a TLS record";
            return VersionOutcome.NonTlsAnswer;
        }

        if (data[0] == 0x15)
        {
            if (data.Length < 7)
            {
                return null;
            }

            alert = TlsAlert.From(data[5], data[6]);
            detail = $"alert record: level {data[5]}, {alert}";
            return VersionOutcome.Alert;
        }

        if (data[0] != 0x16)
        {
            detail = $"first record has content type {data[0]}, not handshake or alert";
            return VersionOutcome.NonTlsAnswer;
        }

        // Gather handshake bytes across records until the first message is complete.
        var handshake = new List<byte>();
        var at = 0;
        while (at + 5 <= data.Length)
        {
            var type = data[at];
            var recordLength = (data[at + 3] << 8) | data[at + 4];
            if (type != 0x16)
            {
                if (type == 0x15 && at + 7 <= data.Length)
                {
                    alert = TlsAlert.From(data[at + 5], data[at + 6]);
                    detail = $"alert record after a partial handshake message: {alert}";
                    return VersionOutcome.Alert;
                }

                break;
            }

            var available = Math.Min(recordLength, data.Length - at - 5);
            for (var i = 0; i < available; i++)
            {
                handshake.Add(data[at + 5 + i]);
            }

            if (available < recordLength)
            {
                break;
            }

            at += 5 + recordLength;
        }

        if (handshake.Count < 4)
        {
            return null;
        }

        var messageLength = (handshake[1] << 16) | (handshake[2] << 8) | handshake[3];
        if (handshake[0] != 2)
        {
            detail = $"first handshake message has type {handshake[0]}, not ServerHello";
            return VersionOutcome.NonTlsAnswer;
        }

        if (handshake.Count < 4 + messageLength)
        {
            return null;
        }

        hello = ServerHelloParser.Parse(handshake.GetRange(4, messageLength).ToArray());
        if (hello is null)
        {
            detail = "malformed ServerHello";
            return VersionOutcome.NonTlsAnswer;
        }

        var selected = hello.Selected;
        var chose = $"ServerHello selects {TlsVersions.Name(selected)} with {hello.CipherSuiteName}";
        if (selected != offered.Code())
        {
            detail = $"{chose}, but only {offered.DisplayName()} was offered";
            return VersionOutcome.OtherVersion;
        }

        detail = hello.HelloRetryRequest ? $"HelloRetryRequest ({chose}): the server accepts TLS 1.3 and asks for another key share" : chose;
        return VersionOutcome.Accepted;
    }
}
