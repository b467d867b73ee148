using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Conformance.Tests.Support;

/// <summary>
/// A real TLS server (TcpListener + SslStream) on 127.0.0.1, port 0. It records the SNI exactly as the ClientHello
/// carried it (peeked off the socket before SslStream reads it), what SslStream reported, and the negotiated ALPN.
/// </summary>
public sealed class TlsTestServer : IAsyncDisposable
{
    private readonly RawTcpServer _server;
    private readonly TlsTestServerOptions _options;

    public TlsTestServer(TlsTestServerOptions options)
    {
        _options = options;
        _server = new RawTcpServer(HandleAsync);
    }

    public int Port => _server.Port;

    /// <summary>The server_name bytes of each ClientHello (null: no SNI extension).</summary>
    public List<string?> WireSni { get; } = [];

    /// <summary>SslStream's TargetHostName on the server side, per accepted handshake.</summary>
    public List<string> ServerSeenSni { get; } = [];

    public List<string> NegotiatedAlpn { get; } = [];

    // Released once per handshake the server side finished, because the client's side can finish first: state the
    // server records after AuthenticateAsServerAsync is only safe to read after waiting on this.
    private readonly SemaphoreSlim _accepted = new(0);

    /// <summary>Handshake or validation failures on the server side.</summary>
    public List<string> ServerErrors { get; } = [];

    /// <summary>Waits until the server side has finished <paramref name="count"/> handshakes, or throws at the deadline.</summary>
    public async Task WaitForAcceptedHandshakesAsync(int count, TimeSpan deadline, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            if (!await _accepted.WaitAsync(deadline, ct))
            {
                throw new TimeoutException($"the server side finished {i} of {count} handshakes within {deadline.TotalSeconds} s");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _accepted.Dispose();
    }

    private async Task HandleAsync(Socket socket, CancellationToken ct)
    {
        var hello = await PeekClientHelloAsync(socket, ct);
        lock (WireSni)
        {
            WireSni.Add(ClientHelloSni.Read(hello));
        }

        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(_options.Certificate, new X509Certificate2Collection(_options.Intermediates.ToArray()), offline: true),
            EnabledSslProtocols = _options.Protocols,
            ClientCertificateRequired = _options.ClientCa is not null,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = ValidateClient,
        };
        if (_options.Alpn.Count > 0)
        {
            options.ApplicationProtocols = [.. _options.Alpn.Select(a => new SslApplicationProtocol(a))];
        }

        try
        {
            await ssl.AuthenticateAsServerAsync(options, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            lock (ServerErrors)
            {
                ServerErrors.Add(e.Message + " | " + e.InnerException?.Message);
            }

            return;
        }

        lock (ServerSeenSni)
        {
            ServerSeenSni.Add(ssl.TargetHostName);
            NegotiatedAlpn.Add(ssl.NegotiatedApplicationProtocol.ToString());
        }

        _accepted.Release();

        var buffer = new byte[4096];
        var head = new StringBuilder();
        try
        {
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await ssl.ReadAsync(buffer, ct);
                if (n == 0)
                {
                    return;
                }

                head.Append(Encoding.Latin1.GetString(buffer, 0, n));
            }

            await ssl.WriteAsync(Encoding.ASCII.GetBytes($"{_options.StatusLine}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), ct);
            await ssl.ShutdownAsync();
        }
        catch (IOException e)
        {
            lock (ServerErrors)
            {
                ServerErrors.Add(e.Message);
            }
        }
    }

    private bool ValidateClient(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_options.ClientCa is null)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        using var x = new X509Chain();
        x.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x.ChainPolicy.CustomTrustStore.Add(_options.ClientCa);
        x.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var cert = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return x.Build(cert);
    }

    private static async Task<byte[]> PeekClientHelloAsync(Socket socket, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.Peek, ct);
            if (n == 0)
            {
                return [];
            }

            // Not a handshake record (e.g. plaintext HTTP): let SslStream meet it as a real server would.
            if (buffer[0] != 0x16 || (n >= 5 && n >= 5 + ((buffer[3] << 8) | buffer[4])))
            {
                return buffer[..n];
            }

            // The rest of the record is still in flight; peeking again returns the same bytes plus more.
            await Task.Yield();
        }
    }
}
