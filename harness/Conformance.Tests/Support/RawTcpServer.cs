using System.Net;
using System.Net.Sockets;

namespace Conformance.Tests.Support;

/// <summary>
/// A TCP server on 127.0.0.1, port 0, that hands each accepted socket to a handler. The handler owns the socket's
/// fate (close, reset, silence); the server only stops accepting and disposes leftovers on dispose.
/// </summary>
public sealed class RawTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<Socket> _accepted = [];

    public RawTcpServer(Func<Socket, CancellationToken, Task> handler)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptLoopAsync(handler);
    }

    public int Port { get; }

    /// <summary>Exceptions the handler threw (a test can assert there were none).</summary>
    public List<Exception> Errors { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        lock (_accepted)
        {
            foreach (var s in _accepted)
            {
                s.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Func<Socket, CancellationToken, Task> handler)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_accepted)
            {
                _accepted.Add(socket);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await handler(socket, _stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    lock (Errors)
                    {
                        Errors.Add(e);
                    }
                }
            });
        }
    }
}
