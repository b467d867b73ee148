using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conformance.Tests.Support;

/// <summary>
/// HTTP/1.1 written and read by hand, so the tests see exactly what the server sent: the raw request target is
/// not normalised by a client library, and the response is not followed, decoded or repaired.
/// </summary>
public static class RawHttp
{
    /// <summary>Opens a plain TCP connection to 127.0.0.1:<paramref name="port"/>, sends <paramref name="request"/>, reads the response.</summary>
    public static async Task<RawResponse> SendPlainAsync(int port, string request, CancellationToken cancellationToken, bool head = false)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        return await ExchangeAsync(tcp.GetStream(), request, head, cancellationToken);
    }

    public static async Task<RawResponse> ExchangeAsync(Stream stream, string request, bool head, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token);
        await stream.FlushAsync(timeout.Token);

        var received = new List<byte>();
        var buffer = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0)
            {
                throw new IOException($"connection closed before a complete response header ({received.Count} bytes: {Encoding.Latin1.GetString([.. received])})");
            }

            received.AddRange(buffer.AsSpan(0, n));
        }

        var head0 = Encoding.UTF8.GetString([.. received.Take(headerEnd)]);
        var lines = head0.Split("\r\n");
        var statusLine = lines[0];
        var status = int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
            .ToList();
        var body = received.Skip(headerEnd + 4).ToList();
        var length = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        var expected = head || status is 204 or 304 ? 0 : length is null ? -1 : int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
        while (expected < 0 || body.Count < expected)
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0)
            {
                break;
            }

            body.AddRange(buffer.AsSpan(0, n));
        }

        return new RawResponse(status, statusLine, headers, [.. body]);
    }

    private static int IndexOfHeaderEnd(List<byte> data)
    {
        for (var i = 0; i + 3 < data.Count; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
