namespace Conformance.Probes;

/// <summary>Reads a response until the peer closes, the response is complete, the deadline passes, or a read fails.</summary>
internal static class ResponseReader
{
    /// <summary>
    /// Reads from <paramref name="stream"/>. At most <paramref name="keepBytes"/> are stored; more are counted. The
    /// deadline covers the whole read, so a server trickling bytes cannot hold the probe open.
    /// </summary>
    public static Task<ReadResult> ReadAsync(Stream stream, string method, int keepBytes, TimeSpan deadline, TimeProvider time, CancellationToken cancellationToken) =>
        ReadAsync(stream, keepBytes, deadline, time, kept => HttpResponseParser.IsComplete(kept, method), cancellationToken);

    /// <summary>
    /// Reads as above, but ends as soon as <paramref name="complete"/> holds for the bytes kept so far (for a protocol
    /// whose first answer is not an HTTP/1.1 response, such as HTTP/2's SETTINGS frame on a connection kept open).
    /// </summary>
    public static async Task<ReadResult> ReadAsync(Stream stream, int keepBytes, TimeSpan deadline, TimeProvider time, Func<ArraySegment<byte>, bool> complete, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, linked.Token);
                if (n == 0)
                {
                    return new ReadResult(kept.ToArray(), total, ReadEnd.Closed, null);
                }

                total += n;
                var room = keepBytes - (int)kept.Length;
                if (room > 0)
                {
                    kept.Write(buffer, 0, Math.Min(room, n));
                }

                if (total == kept.Length && complete(new ArraySegment<byte>(kept.GetBuffer(), 0, (int)kept.Length)))
                {
                    return new ReadResult(kept.ToArray(), total, ReadEnd.Complete, null);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ReadResult(kept.ToArray(), total, ReadEnd.Deadline, null);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            return new ReadResult(kept.ToArray(), total, ReadEnd.Error, e);
        }
    }
}
