using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Conformance.Probes;

/// <summary>
/// Pays the first TLS connection's one-time costs on another core while the command line and the profile are still
/// being read: OpenSSL's initialisation, the system trust store (read once per process, about 150 files, whatever the
/// trust mode: .NET builds a chain before it calls the validation callback) and the probes' own first calls. A short
/// run's wall time is mostly such costs (docs/performance.md).
/// </summary>
/// <remarks>
/// It talks only to a listener of its own on 127.0.0.1 (port 0) with a throwaway certificate whose key never leaves
/// memory; it never touches the target, and its results are dropped: a warm-up that fails changes nothing but the time.
/// Bounded: it gives up after <see cref="Bound"/>. <c>CONFORMANCE_NO_WARMUP=1</c> turns it off (for A/B timing).
/// </remarks>
public static class ProbeWarmUp
{
    // A name no target has (RFC 2606's .invalid), so nothing the warm-up leaves in a per-name cache can meet a target.
    private const string Name = "warm-up.conformance.invalid";

    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    /// <summary>Whether the environment lets the warm-up run.</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable("CONFORMANCE_NO_WARMUP") != "1";

    /// <summary>One handshake-only and one HTTP/1.1-over-TLS exchange with an in-process server; true when both were served.</summary>
    public static async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(Bound);
        try
        {
            using var certificate = SelfSigned();
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start(2);
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var serving = ServeAsync(listener, certificate, 2, bound.Token);

            var options = new ProbeOptions();
            using var handshake = await new HandshakeProbe(options, TimeProvider.System)
                .ConnectAsync(new HandshakeRequest("warm-up", "127.0.0.1", port, Name), bound.Token);
            var exchange = await new HttpProbe(options, TimeProvider.System)
                .SendAsync(new HttpProbeRequest("warm-up", "127.0.0.1", port, "GET", "/", Name) { Tls = true, ServerName = Name }, bound.Token);
            await serving;
            return handshake.Evidence.Outcome == Evidence.HandshakeOutcome.Accepted && exchange.Status == 200;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or CryptographicException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=conformance warm-up", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(Name);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now.AddMinutes(10));
    }

    private static async Task ServeAsync(TcpListener listener, X509Certificate2 certificate, int connections, CancellationToken cancellationToken)
    {
        var context = SslStreamCertificateContext.Create(certificate, null, offline: true);
        for (var i = 0; i < connections; i++)
        {
            using var socket = await listener.AcceptSocketAsync(cancellationToken);
            await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
            try
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, cancellationToken);
                // The handshake-only probe closes without a request; the HTTP probe sends one and reads to the end.
                var buffer = new byte[1024];
                var head = new StringBuilder();
                int n;
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && (n = await ssl.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    head.Append(Encoding.Latin1.GetString(buffer, 0, n));
                }

                if (head.Length > 0)
                {
                    await ssl.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray(), cancellationToken);
                    await ssl.ShutdownAsync();
                }
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The client side reports what matters; a connection the probe dropped early is not an error here.
            }
        }
    }
}
