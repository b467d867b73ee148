using System.Globalization;
using System.Text;
using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>A small, lenient HTTP/1.x response parser: enough to classify and record, not a client.</summary>
internal static class HttpResponseParser
{
    /// <summary>Parses the status line and whatever headers arrived; null when the bytes do not start with an HTTP/1.x status line.</summary>
    public static HttpResponseHead? ParseHead(ReadOnlySpan<byte> data)
    {
        var lineEnd = data.IndexOf((byte)'\n');
        var line = Encoding.Latin1.GetString(lineEnd < 0 ? data : data[..lineEnd]).TrimEnd('\r');
        // "HTTP/1.1 200 OK": version, a space, three digits, then an optional reason.
        if (line.Length < 12 || !line.StartsWith("HTTP/", StringComparison.Ordinal) || line[8] != ' '
            || !int.TryParse(line.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            || (line.Length > 12 && line[12] != ' '))
        {
            return null;
        }

        var reason = line.Length > 13 ? line[13..] : string.Empty;
        var headEnd = HeadEnd(data);
        var headers = new List<HttpHeader>();
        if (lineEnd >= 0)
        {
            var headerText = Encoding.Latin1.GetString(data[(lineEnd + 1)..(headEnd < 0 ? data.Length : headEnd)]);
            foreach (var raw in headerText.Split('\n'))
            {
                var h = raw.TrimEnd('\r');
                var colon = h.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers.Add(new HttpHeader(h[..colon].Trim(), h[(colon + 1)..].Trim()));
                }
            }
        }

        return new HttpResponseHead(line, status, reason, headers, headEnd);
    }

    /// <summary>Index just after the blank line ending the head, or -1.</summary>
    public static int HeadEnd(ReadOnlySpan<byte> data)
    {
        var crlf = data.IndexOf("\r\n\r\n"u8);
        var lf = data.IndexOf("\n\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            return crlf + 4;
        }

        return lf >= 0 ? lf + 2 : -1;
    }

    /// <summary>Whether the response is complete by its own framing, so reading can stop before the peer closes.</summary>
    public static bool IsComplete(ReadOnlySpan<byte> data, string method)
    {
        var head = ParseHead(data);
        if (head is null || head.HeadLength < 0)
        {
            return false;
        }

        if (string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase) || head.Status is < 200 or 204 or 304)
        {
            return true;
        }

        if (IsChunked(head))
        {
            return DecodeChunked(data[head.HeadLength..], out _);
        }

        if (long.TryParse(head.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return data.Length - head.HeadLength >= length;
        }

        return false;
    }

    /// <summary>The body bytes (de-chunked when chunked, cut at Content-Length when given) of what was read.</summary>
    public static byte[] Body(ReadOnlySpan<byte> data, HttpResponseHead head, string method)
    {
        if (head.HeadLength < 0 || string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase) || head.Status is < 200 or 204 or 304)
        {
            return [];
        }

        var rest = data[head.HeadLength..];
        if (IsChunked(head))
        {
            DecodeChunked(rest, out var body);
            return body;
        }

        if (long.TryParse(head.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length < rest.Length)
        {
            return rest[..(int)length].ToArray();
        }

        return rest.ToArray();
    }

    /// <summary>Text of the first 512 characters of a body (UTF-8, lossy), or null when empty.</summary>
    public static string? Snippet(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, 2048)]);
        return text.Length > 512 ? text[..512] : text;
    }

    private static bool IsChunked(HttpResponseHead head) =>
        head.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Decodes as many chunks as arrived; true when the terminating zero-size chunk was seen.</summary>
    private static bool DecodeChunked(ReadOnlySpan<byte> data, out byte[] body)
    {
        var output = new MemoryStream();
        var pos = 0;
        while (true)
        {
            var lineEnd = data[pos..].IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.Latin1.GetString(data.Slice(pos, lineEnd)).TrimEnd('\r');
            var semicolon = sizeText.IndexOf(';', StringComparison.Ordinal);
            if (semicolon >= 0)
            {
                sizeText = sizeText[..semicolon];
            }

            if (!int.TryParse(sizeText.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                break;
            }

            pos += lineEnd + 1;
            if (size == 0)
            {
                body = output.ToArray();
                return true;
            }

            var available = Math.Min(size, data.Length - pos);
            output.Write(data.Slice(pos, available));
            if (available < size)
            {
                break;
            }

            pos += size;
            // Skip the CRLF after the chunk data.
            while (pos < data.Length && (data[pos] == '\r' || data[pos] == '\n'))
            {
                pos++;
            }
        }

        body = output.ToArray();
        return false;
    }
}
