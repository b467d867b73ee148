using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Conformance.Tests.Support;

/// <summary>
/// A real HTTP/1.1 keep-alive server over SslStream on 127.0.0.1 for the load tests: it answers every request on a
/// connection until the client asks to close, can announce <c>Connection: close</c> after N responses (a clean close
/// between requests), reset every Nth connection right after accept (RST, no handshake), and alternate
/// Content-Length and chunked bodies. It counts connections, resets and answered requests.
/// </summary>
public sealed class KeepAliveTlsServer : IAsyncDisposable
{
    private static readonly byte[] Fixed = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    private static readonly byte[] FixedClose = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    private static readonly byte[] Chunked = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nok\r\n3\r\n!!!\r\n0\r\n\r\n");
    private readonly RawTcpServer _server;
    private readonly SslStreamCertificateContext _context;
    private int _connections;
    private int _resets;
    private int _answered;
    private int _requests;
    private int _dropped;

    public KeepAliveTlsServer(X509Certificate2 certificate, IReadOnlyList<X509Certificate2>? intermediates = null)
    {
        _context = SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection((intermediates ?? []).ToArray()), offline: true);
        _server = new RawTcpServer(HandleAsync);
    }

    public int Port => _server.Port;

    /// <summary>Reset (RST right after accept) connections number N, 2N, 3N…; 0 never.</summary>
    public int ResetEveryNthConnection { get; init; }

    /// <summary>After this many responses on one connection, announce <c>Connection: close</c> and close; 0 never.</summary>
    public int CloseAfterResponses { get; init; }

    /// <summary>Every other response is chunked (with a chunk extension) instead of Content-Length.</summary>
    public bool AlternateChunked { get; init; }

    /// <summary>Every Nth request (counted over the server) is read and then the connection is closed without a response; 0 never.</summary>
    public int DropEveryNthRequest { get; init; }

    /// <summary>Requests dropped by <see cref="DropEveryNthRequest"/>.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public int Connections => Volatile.Read(ref _connections);

    public int Resets => Volatile.Read(ref _resets);

    /// <summary>Requests that got a response.</summary>
    public int Answered => Volatile.Read(ref _answered);

    public List<Exception> Errors => _server.Errors;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(Socket socket, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _connections);
        if (ResetEveryNthConnection > 0 && n % ResetEveryNthConnection == 0)
        {
            Interlocked.Increment(ref _resets);
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
            return;
        }

        socket.NoDelay = true;
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _context }, ct);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            // The client refused the chain or went away: not a server error.
            return;
        }

        var buffer = new byte[8192];
        var filled = 0;
        var responses = 0;
        try
        {
            while (true)
            {
                int end;
                while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var read = await ssl.ReadAsync(buffer.AsMemory(filled), ct);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                var clientClose = buffer.AsSpan(0, end).IndexOf("Connection: close"u8) >= 0;
                buffer.AsSpan(end + 4, filled - end - 4).CopyTo(buffer);
                filled -= end + 4;
                responses++;
                if (DropEveryNthRequest > 0 && Interlocked.Increment(ref _requests) % DropEveryNthRequest == 0)
                {
                    Interlocked.Increment(ref _dropped);
                    await ssl.ShutdownAsync();
                    return;
                }

                var serverClose = CloseAfterResponses > 0 && responses >= CloseAfterResponses;
                var body = serverClose || clientClose ? FixedClose : AlternateChunked && responses % 2 == 0 ? Chunked : Fixed;
                // Counted before the write: once the client has the response, the count includes it.
                Interlocked.Increment(ref _answered);
                await ssl.WriteAsync(body, ct);
                if (serverClose || clientClose)
                {
                    await ssl.ShutdownAsync();
                    return;
                }
            }
        }
        catch (IOException)
        {
            // The client closed or reset: its business, counted on its side.
        }
    }
}
