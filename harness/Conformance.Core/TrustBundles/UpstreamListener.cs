using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Conformance.TrustBundles;

/// <summary>
/// The trust-bundle upstream's TLS side, shared as source by the harness's in-process upstream
/// (<c>UpstreamTlsServer</c>) and the reference server's <c>--mode upstream</c> (linked into that project, which does not
/// reference the harness), so both behave byte for byte alike: a raw SslStream accept loop (a handshake that fails is
/// still one recorded connection), TLS 1.3 only, the certificate chosen when the ClientHello arrives (counted as
/// presented before it is sent), handshake and request read bounded by 10 s, every request answered <c>200</c> with the
/// chosen body and the connection closed, so each request through the implementation needs a new handshake.
/// </summary>
internal sealed class UpstreamListener : IAsyncDisposable
{
    /// <summary>Failure recorded when a client arrives before any certificate was chosen.</summary>
    public const string NoCertificate = "no certificate chosen";

    private static readonly TimeSpan ConnectionBudget = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener;
    private readonly Func<Choice?> _choose;
    private readonly Action _presented;
    private readonly Action<DateTimeOffset, string, string?, bool, string?> _record;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _handlers = [];
    private readonly Task _accepting;

    private UpstreamListener(TcpListener listener, Func<Choice?> choose, Action presented, Action<DateTimeOffset, string, string?, bool, string?> record, TimeProvider time)
    {
        _listener = listener;
        _choose = choose;
        _presented = presented;
        _record = record;
        _time = time;
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The bound port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// Binds <paramref name="bind"/>:<paramref name="port"/> (0: any free port) and starts accepting. Each connection asks
    /// <paramref name="choose"/> what to present, calls <paramref name="presented"/> when it presents it, and ends in one
    /// <paramref name="record"/> (time, label, SNI, handshake completed, why not).
    /// </summary>
    /// <exception cref="SocketException">The port cannot be bound.</exception>
    public static UpstreamListener Start(
        IPAddress bind, int port, Func<Choice?> choose, Action presented, Action<DateTimeOffset, string, string?, bool, string?> record, TimeProvider time)
    {
        var listener = new TcpListener(bind, port);
        listener.Start();
        return new UpstreamListener(listener, choose, presented, record, time);
    }

    /// <summary>Stops accepting and waits for open connections (each bounded by its own budget, and by <paramref name="cancellationToken"/>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
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

        await Task.WhenAll(handlers).WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stop.Dispose();
    }

    private static async Task AnswerAsync(SslStream ssl, string body, CancellationToken cancellationToken)
    {
        try
        {
            await ReadHeadAsync(ssl, cancellationToken);
            var bytes = Encoding.UTF8.GetBytes(body + "\n");
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
            await ssl.WriteAsync(head.Concat(bytes).ToArray(), cancellationToken);
            await ssl.ShutdownAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or AuthenticationException)
        {
            // The client went away after the handshake: the handshake record is what the scenarios judge.
        }
    }

    private static async Task ReadHeadAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total), ct);
            if (n == 0)
            {
                return;
            }

            total += n;
            if (buffer.AsSpan(0, total).IndexOf("\r\n\r\n"u8) >= 0)
            {
                return;
            }
        }
    }

    private static string Describe(Exception e)
    {
        var text = e is OperationCanceledException ? "timed out" : e.Message;
        if (e.InnerException is { } inner)
        {
            text += ": " + inner.Message;
        }

        return text.ReplaceLineEndings(" ");
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
        var label = "(none)";
        string? sni = null;
        Choice? chosen = null;
        var noCertificate = false;
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(
                (_, hello, _, _) =>
                {
                    sni = hello.ServerName;
                    chosen = _choose();
                    if (chosen is null)
                    {
                        noCertificate = true;
                        throw new AuthenticationException(NoCertificate);
                    }

                    label = chosen.Label;
                    _presented();
                    return ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = chosen.Context,
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
            _record(at, label, sni, false, noCertificate ? NoCertificate : Describe(e));
            return;
        }

        _record(at, label, sni, true, null);
        await AnswerAsync(ssl, chosen!.Body, linked.Token);
    }

    /// <summary>What new handshakes present, the label records carry, and the body every answer holds.</summary>
    public sealed record Choice(SslStreamCertificateContext Context, string Label, string Body);
}
