using System.Net.Sockets;

namespace Conformance.Targets;

/// <summary>One bounded TCP connect: the readiness signal of process and endpoint targets.</summary>
internal static class TcpReadiness
{
    /// <summary><see cref="SocketError.Success"/> when <paramref name="host"/>:<paramref name="port"/> accepted a connection within <paramref name="timeout"/>, else why not.</summary>
    public static async Task<SocketError> TryConnectAsync(string host, int port, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, linked.Token);
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SocketError.TimedOut;
        }
    }
}
