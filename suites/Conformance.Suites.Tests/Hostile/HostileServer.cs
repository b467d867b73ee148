using System.Net;
using System.Net.Sockets;

namespace Conformance.Suites.Tests.Hostile;

/// <summary>
/// A deliberately broken server on a port-0 loopback socket: silent, garbage, never accepting, or refusing everything.
/// A server that serves nothing must never earn a pass; these give the harness nothing to judge.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    // A fatal handshake_failure (40) alert record, TLS 1.2 record version: what a server refusing every ClientHello sends.
    private static readonly byte[] HandshakeFailure = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28];

    private readonly Socket _listener;
    private readonly HostileBehaviour _behaviour;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _held = [];
    private readonly Task _loop;

    private HostileServer(HostileBehaviour behaviour)
    {
        _behaviour = behaviour;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(behaviour == HostileBehaviour.ListensNeverAccepts ? 1 : 64);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _loop = behaviour == HostileBehaviour.ListensNeverAccepts ? Task.CompletedTask : AcceptLoopAsync(_stop.Token);
    }

    public int Port { get; }

    public static HostileServer Start(HostileBehaviour behaviour) => new(behaviour);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopping: the accept loop ends with the listener.
        }

        lock (_held)
        {
            foreach (var s in _held)
            {
                s.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(ct);
            _ = Task.Run(() => ServeAsync(client, ct), ct);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        try
        {
            switch (_behaviour)
            {
                case HostileBehaviour.AcceptsAndSilent:
                    // Held open until the test ends: no byte, no FIN.
                    lock (_held)
                    {
                        _held.Add(client);
                    }

                    return;
                case HostileBehaviour.RandomBytes:
                    var garbage = new byte[512];
                    Random.Shared.NextBytes(garbage);
                    garbage[0] = (byte)'Z'; // never a TLS content type or an HTTP status line
                    await client.SendAsync(garbage, SocketFlags.None, ct);
                    break;
                case HostileBehaviour.RefusesEverything:
                    var request = new byte[4096];
                    await client.ReceiveAsync(request, SocketFlags.None, ct);
                    await client.SendAsync(HandshakeFailure, SocketFlags.None, ct);
                    break;
            }

            client.Shutdown(SocketShutdown.Both);
            client.Dispose();
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            client.Dispose();
        }
    }
}
