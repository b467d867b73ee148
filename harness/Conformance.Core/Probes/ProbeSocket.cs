using System.Net.Sockets;

namespace Conformance.Probes;

/// <summary>Opens TCP connections with a bounded connect time.</summary>
internal static class ProbeSocket
{
    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/>. A connect timeout surfaces as <see cref="TimeoutException"/>;
    /// cancellation by the caller as <see cref="OperationCanceledException"/>.
    /// </summary>
    public static async Task<Socket> ConnectAsync(string host, int port, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        // Dual-mode socket: "localhost" may resolve to ::1 and 127.0.0.1, and each address is tried in turn.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var target = HostnameIsIp(host, out var address) ? (System.Net.EndPoint)new System.Net.IPEndPoint(address, port) : new System.Net.DnsEndPoint(host, port);
            await socket.ConnectAsync(target, linked.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connect to {host}:{port} timed out after {timeout.TotalMilliseconds:0} ms");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool HostnameIsIp(string host, out System.Net.IPAddress address)
    {
        // A dual-mode socket maps an IPv4 end point itself.
        return Policy.HostnameMatcher.TryParseIpLiteral(host, out address);
    }
}
