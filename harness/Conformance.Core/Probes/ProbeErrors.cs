using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Conformance.Probes;

/// <summary>Classifies transport exceptions (possibly wrapped by IOException or AuthenticationException).</summary>
internal static partial class ProbeErrors
{
    public static ProbeFailure Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException se)
            {
                return se.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => ProbeFailure.ConnectionRefused,
                    SocketError.ConnectionReset or SocketError.ConnectionAborted => ProbeFailure.Reset,
                    SocketError.TimedOut => ProbeFailure.TimedOut,
                    _ => ProbeFailure.Other,
                };
            }

            if (e is TimeoutException)
            {
                return ProbeFailure.TimedOut;
            }

            // SslStream reports a FIN during the handshake with this text and no inner socket error.
            if (e is IOException && e.Message.Contains("unexpected EOF", StringComparison.OrdinalIgnoreCase))
            {
                return ProbeFailure.ClosedCleanly;
            }
        }

        return ProbeFailure.Other;
    }

    /// <summary>
    /// What the wire showed, in words, for evidence and reasons: the alert the peer sent (name and number), a reset,
    /// a close, a timeout, or the reason the client's own TLS library gave (OpenSSL's reason string). Never the .NET
    /// exception text, which names the client's plumbing ("The decryption operation failed", "SSL_ERROR_SSL").
    /// </summary>
    public static string Describe(Exception exception)
    {
        if (OpenSslAlerts.Find(exception) is { } alert)
        {
            return $"alert {alert}";
        }

        var failure = Classify(exception);
        if (failure != ProbeFailure.Other)
        {
            return Short(failure);
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (OpenSslReason().Match(e.Message) is { Success: true } reason)
            {
                return $"the client's TLS library ended the connection ({reason.Groups[1].Value.Trim()}); no alert from the server";
            }

            if (e.Message.Contains("SSL_ERROR_ZERO_RETURN", StringComparison.Ordinal))
            {
                return "closed with close_notify";
            }

            if (e.Message.Contains("SSL_ERROR_SYSCALL", StringComparison.Ordinal))
            {
                return "closed without close_notify";
            }

            if (e is SocketException se)
            {
                return $"socket error {se.SocketErrorCode}";
            }
        }

        return exception.Message.Contains("SSL_ERROR_SSL", StringComparison.Ordinal) || exception.InnerException?.Message.Contains("SSL_ERROR_SSL", StringComparison.Ordinal) == true
            ? "a TLS record the client could not process; no alert from the server"
            : "the connection ended with no alert, close or reset on the wire";
    }

    public static string Short(ProbeFailure failure) => failure switch
    {
        ProbeFailure.ConnectionRefused => "connection refused",
        ProbeFailure.Reset => "reset",
        ProbeFailure.TimedOut => "timed out",
        ProbeFailure.ClosedCleanly => "closed without an alert",
        _ => "failed",
    };

    // OpenSSL's packed error text: error:CODE:LIBRARY:FUNCTION:REASON (the function is empty in OpenSSL 3).
    [GeneratedRegex(@"error:[0-9A-Fa-f]{8}:[^:]*:[^:]*:([^:|]+)")]
    private static partial Regex OpenSslReason();
}
