using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Conformance.Tests.Support;

/// <summary>How a request with (or without) a client certificate ended.</summary>
public enum MtlsOutcome
{
    /// <summary>The TLS handshake itself failed on the client side.</summary>
    RefusedInHandshake,

    /// <summary>The handshake completed, then the server closed (or alerted) before any HTTP response.</summary>
    RefusedAfterHandshake,

    /// <summary>An HTTP response came back.</summary>
    Served,
}

/// <summary>What <see cref="MutualTls.ExchangeAsync"/> saw: the outcome, the first response line, and when the refusal came.</summary>
public sealed record MtlsResult(MtlsOutcome Outcome, string StatusLine, SslProtocols? Protocol, TimeSpan AfterHandshake, string? Error);

/// <summary>
/// An mTLS client for the tests: presents <c>cert</c> (or nothing), accepts any server chain, and always writes a request
/// and reads before judging, because a TLS 1.3 server refuses a client certificate only after the handshake.
/// </summary>
public static class MutualTls
{
    public static async Task<MtlsResult> ExchangeAsync(int port, X509Certificate2? cert, CancellationToken cancellationToken, SslProtocols protocols = SslProtocols.None)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
            // Sent whatever issuers the server names: the matrix includes certificates the server must refuse.
            LocalCertificateSelectionCallback = (_, _, _, _, _) => cert!,
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, timeout.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return new MtlsResult(MtlsOutcome.RefusedInHandshake, string.Empty, null, TimeSpan.Zero, e.Message);
        }

        var handshakeDone = Stopwatch.StartNew();
        try
        {
            await ssl.WriteAsync(Encoding.ASCII.GetBytes("GET /mtls HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), timeout.Token);
            var buffer = new MemoryStream();
            var chunk = new byte[4096];
            int n;
            while ((n = await ssl.ReadAsync(chunk, timeout.Token)) > 0)
            {
                buffer.Write(chunk, 0, n);
            }

            var text = Encoding.ASCII.GetString(buffer.ToArray());
            return text.StartsWith("HTTP/", StringComparison.Ordinal)
                ? new MtlsResult(MtlsOutcome.Served, text.Split("\r\n")[0], ssl.SslProtocol, handshakeDone.Elapsed, null)
                : new MtlsResult(MtlsOutcome.RefusedAfterHandshake, string.Empty, ssl.SslProtocol, handshakeDone.Elapsed, "closed without a response");
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return new MtlsResult(MtlsOutcome.RefusedAfterHandshake, string.Empty, ssl.SslProtocol, handshakeDone.Elapsed, e.Message);
        }
    }
}
