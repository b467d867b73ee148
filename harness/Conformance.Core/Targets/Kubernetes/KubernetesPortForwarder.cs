using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Conformance.Model;
using k8s;

namespace Conformance.Targets.Kubernetes;

/// <summary>
/// One loopback listener per forwarded port; every accepted connection gets its own port-forward WebSocket to the
/// target's current ready pod (<c>v4.channel.k8s.io</c>, KubernetesClient's <see cref="StreamDemuxer"/>), so a rollout
/// that replaced the pod is followed by new connections. No kubectl process is involved. The TLS bytes pass through
/// untouched: the client's SNI is whatever the profile's serverName says.
/// </summary>
/// <param name="target">The target whose client and namespace are used.</param>
/// <param name="forwards">The listeners.</param>
/// <param name="pod">Which pod a new connection goes to (null: none ready); the implementation's current pod unless given.</param>
internal sealed class KubernetesPortForwarder(KubernetesTarget target, IReadOnlyList<KubernetesForward> forwards, Func<string?>? pod = null) : IAsyncDisposable
{
    private readonly Func<string?> _pod = pod ?? (() => target.CurrentPod);

    public const string Protocol = "v4.channel.k8s.io";

    // After the local side stopped sending, how long the pod may still answer before the connection is closed.
    private static readonly TimeSpan DrainAfterLocalEnd = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _connections = [];
    private int _open;

    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Why the last forwarded connection failed to reach the pod (null when none failed): diagnostics.</summary>
    public string? LastError { get; private set; }

    public void Start()
    {
        foreach (var f in forwards)
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                listener.Bind(new IPEndPoint(IPAddress.Loopback, f.LocalPort));
                listener.Listen(512);
            }
            catch (SocketException e)
            {
                listener.Dispose();
                throw new TargetException($"cannot listen on 127.0.0.1:{f.LocalPort} to forward {f.Name} to pod port {f.PodPort}: {e.SocketErrorCode}", e);
            }

            _listeners.Add(listener);
            _loops.Add(Task.Run(() => AcceptLoopAsync(listener, f, _stop.Token), CancellationToken.None));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var l in _listeners)
        {
            l.Dispose();
        }

        Task[] all;
        lock (_gate)
        {
            all = [.. _loops, .. _connections];
        }

        try
        {
            await Task.WhenAll(all).WaitAsync(StopWait, target.Time);
        }
        catch (TimeoutException)
        {
            // Connections that ignore cancellation are abandoned; their sockets are already closed.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, KubernetesForward forward, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var task = Task.Run(() => ForwardAsync(client, forward, cancellationToken), CancellationToken.None);
            lock (_gate)
            {
                _connections.Add(task);
            }

            _ = task.ContinueWith(
                t =>
                {
                    lock (_gate)
                    {
                        _connections.Remove(t);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task ForwardAsync(Socket client, KubernetesForward forward, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        WebSocket? socket = null;
        StreamDemuxer? demuxer = null;
        try
        {
            using (client)
            {
                var pod = _pod();
                if (pod is null)
                {
                    LastError = "no ready pod";
                    return;
                }

                socket = await target.Client.WebSocketNamespacedPodPortForwardAsync(pod, target.Namespace, [forward.PodPort], Protocol, cancellationToken: cancellationToken);
                demuxer = new StreamDemuxer(socket, StreamType.PortForward);
                // The stream before the read loop: the loop ends every stream that exists when the WebSocket closes,
                // and a kubelet refusing the connection (container restarting) sends its error and closes at once. A
                // stream made after that would never end, and this connection would wait on it forever.
                var remote = demuxer.GetStream((byte?)0, (byte?)0);
                demuxer.Start();
                await using var local = new NetworkStream(client, ownsSocket: false);
                using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                // MuxedStream inherits Stream's async methods, which serialize reads and writes on one semaphore: a
                // pending read would block every write. So the pod→client side reads synchronously on its own thread
                // (it ends when the WebSocket closes), and the client→pod side writes through the demuxer.
                var down = Task.Factory.StartNew(() => CopyDown(remote, client), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                var up = CopyUpAsync(local, demuxer, done.Token);
                if (await Task.WhenAny(down, up) == up && !down.IsCompleted)
                {
                    // The local side stopped sending: the answer may still be on its way (no half-close exists in
                    // port-forward), so keep reading from the pod for a bounded time.
                    await Task.WhenAny(down, Task.Delay(DrainAfterLocalEnd, target.Time, done.Token));
                }

                await done.CancelAsync();
                await Task.WhenAll(Quiet(down), Quiet(up));
            }
        }
        catch (Exception e)
        {
            // A connection boundary: whatever went wrong, this connection ends (the client sees a close) and the
            // listener keeps serving; the reason is kept for diagnostics.
            LastError = $"{e.GetType().Name}: {e.Message}";

            // The connection ends (the client sees a close); a failure to reach the pod is not a request outcome the
            // harness can recover, and the probe on the other end records what it saw.
        }
        finally
        {
            if (socket is { State: WebSocketState.Open or WebSocketState.CloseReceived })
            {
                try
                {
                    using var closeDeadline = new CancellationTokenSource(StopWait, target.Time);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closeDeadline.Token);
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
                {
                    // Already gone.
                }
            }

            demuxer?.Dispose();
            socket?.Dispose();
            Interlocked.Decrement(ref _open);
        }
    }

    private static void CopyDown(Stream remote, Socket client)
    {
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = remote.Read(buffer, 0, buffer.Length)) > 0)
        {
            client.Send(buffer.AsSpan(0, n));
        }

        // The pod closed the connection: pass the end on as a FIN.
        client.Shutdown(SocketShutdown.Send);
    }

    private static async Task CopyUpAsync(Stream local, StreamDemuxer demuxer, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await local.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await demuxer.Write((byte)0, buffer, 0, n, cancellationToken);
        }
    }

    private async Task Quiet(Task t)
    {
        try
        {
            await t;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or WebSocketException or ObjectDisposedException)
        {
            // Ending either direction ends the connection; nothing left to report.
        }
        catch (Exception e)
        {
            LastError = $"{e.GetType().Name}: {e.Message}";
        }
    }
}
