using System.Net.Sockets;

namespace Conformance.Probes;

/// <summary>Classifies transport exceptions (possibly wrapped by IOException or AuthenticationException).</summary>
internal static class ProbeErrors
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

    /// <summary>All messages of an exception chain, outermost first, for evidence.</summary>
    public static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (!parts.Contains(e.Message))
            {
                parts.Add(e.Message);
            }
        }

        return string.Join(" | ", parts);
    }

    public static string Short(ProbeFailure failure) => failure switch
    {
        ProbeFailure.ConnectionRefused => "connection refused",
        ProbeFailure.Reset => "reset",
        ProbeFailure.TimedOut => "timed out",
        ProbeFailure.ClosedCleanly => "closed cleanly",
        _ => "failed",
    };
}
