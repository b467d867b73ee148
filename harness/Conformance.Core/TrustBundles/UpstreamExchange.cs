using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Conformance.TrustBundles;

/// <summary>
/// The trust-bundle upstream's side of one exchange after its handshake: read the request head, answer <c>200</c> with
/// the body that names the certificate presented, close. Shared as source by the harness's in-process upstream
/// (<c>UpstreamTlsServer</c>) and the reference server's <c>--mode upstream</c> (linked into that project, which does
/// not reference the harness), so both upstreams answer byte for byte alike.
/// </summary>
internal static class UpstreamExchange
{
    /// <summary>Answers one request on <paramref name="ssl"/> with <paramref name="body"/> and closes; a client that went away is not an error.</summary>
    public static async Task AnswerAsync(SslStream ssl, string body, CancellationToken cancellationToken)
    {
        try
        {
            await ReadHeadAsync(ssl, cancellationToken);
            var bytes = Encoding.UTF8.GetBytes(body + "\n");
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
            await ssl.WriteAsync(head.Concat(bytes).ToArray(), cancellationToken);
            await ssl.ShutdownAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or AuthenticationException)
        {
            // The client went away after the handshake: the handshake record is what the scenarios judge.
        }
    }

    /// <summary>A failed handshake in one line: "timed out", or the exception's message and its inner one's.</summary>
    public static string Describe(Exception e)
    {
        var text = e is OperationCanceledException ? "timed out" : e.Message;
        if (e.InnerException is { } inner)
        {
            text += ": " + inner.Message;
        }

        return text.ReplaceLineEndings(" ");
    }

    private static async Task ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), ct);
            if (n == 0)
            {
                return;
            }

            total += n;
            if (buffer.AsSpan(0, total).IndexOf("\r\n\r\n"u8) >= 0)
            {
                return;
            }
        }
    }
}
