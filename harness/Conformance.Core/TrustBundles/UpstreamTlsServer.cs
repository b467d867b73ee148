using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Conformance.Pki;

namespace Conformance.TrustBundles;

/// <summary>
/// The TLS server an implementation calls as its upstream in the trust-bundle scenarios (Knative: the activator
/// calling a queue-proxy as <c>data-plane.knative.dev</c>), in the harness's own process on 127.0.0.1 and a port the
/// run allocated. It presents whichever certificate the scenario chose last (<see cref="Serve"/>), answers every request
/// with <c>200</c> and a body naming that certificate, and closes the connection after each answer so every request
/// through the implementation needs a new handshake, judged against the bundles in force at that moment
/// (<see cref="UpstreamListener"/>, the same code the reference's <c>--mode upstream</c> pod runs). Every connection is
/// recorded; disposing stops the listener and waits for open connections.
/// </summary>
public sealed class UpstreamTlsServer : ITrustUpstream
{
    private readonly List<UpstreamConnection> _connections = [];
    private readonly string _marker;
    private readonly UpstreamListener _listener;
    private volatile UpstreamListener.Choice? _current;
    private int _presented;

    private UpstreamTlsServer(int port, string marker, TimeProvider time)
    {
        _marker = marker;
        _listener = UpstreamListener.Start(
            IPAddress.Loopback,
            port,
            () => _current,
            () => Interlocked.Increment(ref _presented),
            (at, label, sni, completed, failure) =>
            {
                lock (_connections)
                {
                    _connections.Add(new UpstreamConnection(at, label, sni, completed, failure));
                }
            },
            time);
    }

    /// <summary>The bound port.</summary>
    public int Port => _listener.Port;

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
    /// <exception cref="System.Net.Sockets.SocketException">The port cannot be bound.</exception>
    public static UpstreamTlsServer Start(int port, string marker, TimeProvider time) => new(port, marker, time);

    /// <summary>What a request answered by <paramref name="label"/>'s certificate carries in its body.</summary>
    public string BodyFor(string label) => $"{_marker} certificate={label}";

    /// <summary>New handshakes present <paramref name="certificate"/> (with its chain), named <paramref name="label"/> in records and bodies.</summary>
    public void Serve(IssuedCertificate certificate, string label)
    {
        var context = SslStreamCertificateContext.Create(certificate.Certificate, new X509Certificate2Collection(certificate.Intermediates.ToArray()), offline: true);
        _current = new UpstreamListener.Choice(context, label, BodyFor(label));
    }

    public Task ServeAsync(IssuedCertificate certificate, string label, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Serve(certificate, label);
        return Task.CompletedTask;
    }

    public Task<int> PresentedAsync(CancellationToken cancellationToken) => Task.FromResult(Presented);

    public Task<IReadOnlyList<UpstreamConnection>> ConnectionsAsync(CancellationToken cancellationToken) => Task.FromResult(Connections);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
