using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Conformance.Pki;

namespace Conformance.TrustBundles;

/// <summary>
/// The TLS server an implementation calls as its upstream in the trust-bundle scenarios (Knative: the activator
/// calling a queue-proxy as <c>data-plane.knative.dev</c>). Real TLS 1.3 on 127.0.0.1 and a port the run allocated;
/// it presents whichever certificate the scenario chose last (<see cref="Serve"/>), answers every request with
/// <c>200</c> and a body naming that certificate, and closes the connection after each answer so every request through
/// the implementation needs a new handshake, judged against the bundles in force at that moment. Every connection is
/// recorded; handshakes and reads are bounded; disposing stops the listener and waits for open connections.
/// </summary>
public sealed class UpstreamTlsServer : ITrustUpstream
{
    private static readonly TimeSpan ConnectionBudget = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<UpstreamConnection> _connections = [];
    private readonly List<Task> _handlers = [];
    private readonly string _marker;
    private readonly TimeProvider _time;
    private readonly Task _accepting;
    private volatile Served? _current;
    private int _presented;

    private UpstreamTlsServer(TcpListener listener, string marker, TimeProvider time)
    {
        _listener = listener;
        _marker = marker;
        _time = time;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The bound port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections so far, oldest first.</summary>
    public IReadOnlyList<UpstreamConnection> Connections
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>
    /// How many times a certificate was presented (counted when the ClientHello arrives, before the certificate is
    /// sent, so a client that answered after refusing it has always been counted).
    /// </summary>
    public int Presented => Volatile.Read(ref _presented);

    public string Address => $"https://127.0.0.1:{Port}";

    /// <summary>Null: the leaves it serves carry their own private keys.</summary>
    public PublicKey? LeafKey => null;

    /// <summary>Binds 127.0.0.1:<paramref name="port"/> (0: any free port) and starts accepting.</summary>
    /// <exception cref="SocketException">The port cannot be bound.</exception>
    public static UpstreamTlsServer Start(int port, string marker, TimeProvider time)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new UpstreamTlsServer(listener, marker, time);
    }

    /// <summary>What a request answered by <paramref name="label"/>'s certificate carries in its body.</summary>
    public string BodyFor(string label) => $"{_marker} certificate={label}";

    /// <summary>New handshakes present <paramref name="certificate"/> (with its chain), named <paramref name="label"/> in records and bodies.</summary>
    public void Serve(IssuedCertificate certificate, string label)
    {
        var context = SslStreamCertificateContext.Create(certificate.Certificate, new X509Certificate2Collection(certificate.Intermediates.ToArray()), offline: true);
        _current = new Served(context, label);
    }

    public Task ServeAsync(IssuedCertificate certificate, string label, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Serve(certificate, label);
        return Task.CompletedTask;
    }

    public Task<int> PresentedAsync(CancellationToken cancellationToken) => Task.FromResult(Presented);

    public Task<IReadOnlyList<UpstreamConnection>> ConnectionsAsync(CancellationToken cancellationToken) => Task.FromResult(Connections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping the listener ends the accept loop this way.
        }

        Task[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }

        await Task.WhenAll(handlers);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            var handler = HandleAsync(socket);
            lock (_handlers)
            {
                _handlers.RemoveAll(t => t.IsCompleted);
                _handlers.Add(handler);
            }
        }
    }

    private async Task HandleAsync(Socket socket)
    {
        await Task.Yield();
        using var budget = new CancellationTokenSource(ConnectionBudget, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, _stop.Token);
        var at = _time.GetUtcNow();
        string label = "(none)";
        string? sni = null;
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(
                (_, hello, _, _) =>
                {
                    var served = _current ?? throw new AuthenticationException("the scenario chose no certificate");
                    label = served.Label;
                    sni = hello.ServerName;
                    Interlocked.Increment(ref _presented);
                    return ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = served.Context,
                        EnabledSslProtocols = SslProtocols.Tls13,
                        ClientCertificateRequired = false,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    });
                },
                null,
                linked.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException)
        {
            Record(new UpstreamConnection(at, label, sni, false, UpstreamExchange.Describe(e)));
            return;
        }

        Record(new UpstreamConnection(at, label, sni, true, null));
        await UpstreamExchange.AnswerAsync(ssl, BodyFor(label), linked.Token);
    }

    private void Record(UpstreamConnection connection)
    {
        lock (_connections)
        {
            _connections.Add(connection);
        }
    }

    private sealed record Served(SslStreamCertificateContext Context, string Label);
}
