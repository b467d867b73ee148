using System.Net;
using System.Net.Sockets;

namespace Conformance.Tests.Support;

/// <summary>What a raw client saw after sending some bytes: the bytes that came back, and how the connection ended.</summary>
public sealed record WireOutcome(byte[] Received, bool Reset, bool TimedOut)
{
    /// <summary>Sends <paramref name="payload"/> on a new TCP connection and reads until FIN, RST or the timeout.</summary>
    public static async Task<WireOutcome> SendAsync(int port, byte[] payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
        await socket.SendAsync(payload, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, deadline.Token);
                if (n == 0)
                {
                    return new WireOutcome([.. received], Reset: false, TimedOut: false);
                }

                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return new WireOutcome([.. received], Reset: true, TimedOut: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WireOutcome([.. received], Reset: false, TimedOut: true);
        }
    }
}
