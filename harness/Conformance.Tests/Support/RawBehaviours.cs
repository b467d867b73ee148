using System.Net.Sockets;
using System.Text;

namespace Conformance.Tests.Support;

/// <summary>Server behaviours for <see cref="RawTcpServer"/>: what real servers do with a plaintext request.</summary>
public static class RawBehaviours
{
    /// <summary>A TLS 1.2 record carrying a fatal alert (level 2) with the given code.</summary>
    public static byte[] AlertRecord(byte code) => [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, code];

    /// <summary>Reads the request head, answers with <paramref name="answer"/>, then closes with FIN.</summary>
    public static Func<Socket, CancellationToken, Task> Answer(byte[] answer) => async (socket, ct) =>
    {
        // Reading the whole request first matters: closing with unread data makes the kernel send RST, not FIN.
        await ReadHeadAsync(socket, ct);
        await socket.SendAsync(answer, SocketFlags.None, ct);
        socket.Shutdown(SocketShutdown.Send);
        await DrainAsync(socket, ct);
        socket.Dispose();
    };

    /// <summary>Answers with an HTTP/1.1 response with a Content-Length body.</summary>
    public static Func<Socket, CancellationToken, Task> Http(string statusLine, string body, params string[] headers) =>
        Answer(Encoding.ASCII.GetBytes(
            $"{statusLine}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}"));

    /// <summary>Reads the request head, then resets the connection (SO_LINGER 0 then close).</summary>
    public static Func<Socket, CancellationToken, Task> Reset() => async (socket, ct) =>
    {
        await ReadHeadAsync(socket, ct);
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    };

    /// <summary>Reads the request head, then closes with FIN and no bytes.</summary>
    public static Func<Socket, CancellationToken, Task> CloseCleanly() => Answer([]);

    /// <summary>Accepts and never answers; the connection stays open until the server is disposed.</summary>
    public static Func<Socket, CancellationToken, Task> Silent() => (_, _) => Task.CompletedTask;

    public static async Task<string> ReadHeadAsync(Socket socket, CancellationToken ct)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (n == 0)
            {
                break;
            }

            received.AddRange(buffer.AsSpan(0, n));
            if (Encoding.Latin1.GetString([.. received]).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        return Encoding.Latin1.GetString([.. received]);
    }

    private static async Task DrainAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, ct) > 0)
            {
            }
        }
        catch (SocketException)
        {
        }
    }
}
