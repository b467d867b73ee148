using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Tests.Support;

/// <summary>
/// A TLS client for the tests: accepts any chain (the tests judge it themselves) and records what the server sent,
/// leaf first, exactly as received (the validation callback's ExtraStore holds the peer's intermediates).
/// </summary>
public sealed class TlsConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;

    private TlsConnection(TcpClient tcp, SslStream stream, IReadOnlyList<X509Certificate2> served)
    {
        _tcp = tcp;
        Stream = stream;
        Served = served;
    }

    public SslStream Stream { get; }

    public IReadOnlyList<X509Certificate2> Served { get; }

    public X509Certificate2 Leaf => Served[0];

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>, sending <paramref name="serverName"/> as SNI (null: none).</summary>
    public static async Task<TlsConnection> ConnectAsync(int port, string? serverName, SslProtocols protocols, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            var served = new List<X509Certificate2>();
            var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            var options = new SslClientAuthenticationOptions
            {
                // An IP literal as target host makes SslStream send no SNI at all, which is what "no SNI" means here.
                TargetHost = serverName ?? "127.0.0.1",
                EnabledSslProtocols = protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    if (certificate is not null)
                    {
                        served.Add(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                        served.AddRange(chain?.ChainPolicy.ExtraStore.Select(c => X509CertificateLoader.LoadCertificate(c.RawData)) ?? []);
                    }

                    return true;
                },
            };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await ssl.AuthenticateAsClientAsync(options, timeout.Token);
            return new TlsConnection(tcp, ssl, served);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one HTTP/1.1 request over the TLS stream and reads the response.</summary>
    public Task<RawResponse> SendAsync(string method, string target, CancellationToken cancellationToken) =>
        RawHttp.ExchangeAsync(Stream, $"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", method == "HEAD", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _tcp.Dispose();
    }
}
