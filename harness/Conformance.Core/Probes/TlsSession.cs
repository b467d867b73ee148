using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Probes;

/// <summary>
/// One client TLS connection that accepts any server chain and keeps what the server sent. The served list comes from
/// <c>chain.ChainPolicy.ExtraStore</c> inside the validation callback: on Linux SslStream fills it from OpenSSL's
/// <c>SSL_get_peer_cert_chain</c>, i.e. the certificates of the server's Certificate message in wire order, leaf
/// first. (<c>chain.ChainElements</c> is the chain .NET built, reordered and possibly completed from other stores.)
/// </summary>
internal sealed class TlsSession : IAsyncDisposable
{
    private readonly Socket _socket;

    private TlsSession(Socket socket, FirstBytesStream wire)
    {
        _socket = socket;
        Wire = wire;
        Stream = new SslStream(wire, leaveInnerStreamOpen: false);
    }

    public SslStream Stream { get; }

    /// <summary>The transport under the SslStream, with the first bytes the server sent.</summary>
    public FirstBytesStream Wire { get; }

    /// <summary>Served certificates (copies, leaf first), captured during the handshake.</summary>
    public List<X509Certificate2> Served { get; } = [];

    /// <summary>
    /// Whether the server sent a CertificateRequest: true when SslStream asked for a client certificate during the
    /// handshake, false when it never did, null when it could not be observed (a certificate with intermediates is
    /// sent through a context, which SslStream uses without asking).
    /// </summary>
    public bool? CertificateRequested { get; private set; }

    /// <summary>Creates the session on a connected socket; the handshake runs in <see cref="AuthenticateAsync"/>.</summary>
    public static TlsSession Create(Socket socket) => new(socket, new FirstBytesStream(new NetworkStream(socket, ownsSocket: false)));

    /// <summary>
    /// Runs the client handshake. <paramref name="serverName"/> null sends no SNI (TargetHost empty); an IP literal sends
    /// none either (RFC 6066). A trailing-dot name goes on the wire unchanged (measured, .NET 10 with OpenSSL 3.0).
    /// Throws what SslStream throws.
    /// </summary>
    public async Task AuthenticateAsync(
        string? serverName,
        SslProtocols protocols,
        IReadOnlyList<string> alpn,
        X509Certificate2? clientCertificate,
        CancellationToken cancellationToken,
        IReadOnlyList<X509Certificate2>? clientIntermediates = null)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName ?? string.Empty,
            EnabledSslProtocols = protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            // Every probe must see a full handshake: a resumed TLS 1.3 session carries no Certificate message.
            AllowTlsResume = false,
            RemoteCertificateValidationCallback = Capture,
        };
        if (alpn.Count > 0)
        {
            options.ApplicationProtocols = [.. alpn.Select(a => new SslApplicationProtocol(a))];
        }

        if (clientCertificate is not null && clientIntermediates is { Count: > 0 })
        {
            // A context is the only way to send intermediates; SslStream then never says whether the server asked.
            options.ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate, [.. clientIntermediates], offline: true);
        }
        else
        {
            // Measured on Linux/OpenSSL (TLS 1.2 and 1.3): SslStream calls the callback once before the handshake with no
            // server certificate; a certificate returned then is used at once. Returning null there makes OpenSSL ask again
            // when, and only when, a CertificateRequest arrives (server certificate known) — so the request is observed,
            // and the certificate is sent whatever CA names the server lists (the "untrusted CA" cases really offer it).
            CertificateRequested = false;
            options.LocalCertificateSelectionCallback = (_, _, _, remote, _) =>
            {
                if (remote is null)
                {
                    return null!;
                }

                CertificateRequested = true;
                return clientCertificate!;
            };
        }

        await Stream.AuthenticateAsClientAsync(options, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _socket.Dispose();
    }

    private bool Capture(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Served.Clear();
        if (chain is not null)
        {
            foreach (var c in chain.ChainPolicy.ExtraStore)
            {
                // Copies: SslStream disposes its own objects after the callback returns.
                Served.Add(X509CertificateLoader.LoadCertificate(c.RawData));
            }
        }

        if (certificate is not null)
        {
            var leaf = certificate.GetRawCertData();
            if (Served.Count == 0 || !Served[0].RawData.AsSpan().SequenceEqual(leaf))
            {
                var existing = Served.FindIndex(s => s.RawData.AsSpan().SequenceEqual(leaf));
                if (existing >= 0)
                {
                    Served[existing].Dispose();
                    Served.RemoveAt(existing);
                }

                Served.Insert(0, X509CertificateLoader.LoadCertificate(leaf));
            }
        }

        // The harness's policy judges the chain later; here every chain is accepted on purpose.
        return true;
    }
}
