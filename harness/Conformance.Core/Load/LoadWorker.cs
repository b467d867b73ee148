using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Conformance.Load;

/// <summary>Bits of <see cref="RequestRecord.Flags"/>.</summary>
[Flags]
public enum RequestFlags : byte
{
    None = 0,

    /// <summary>The request opened a new connection (TCP + full TLS handshake) before it was sent.</summary>
    NewConnection = 1,

    /// <summary>A leaf was received, so <see cref="RequestRecord.Generation"/> names it.</summary>
    Certificate = 2,

    /// <summary>The run was cancelled under this request (not a timeout of the request itself); recorded as OtherError.</summary>
    Aborted = 4,

    /// <summary>The request went out on a keep-alive worker.</summary>
    KeepAliveWorker = 8,

    /// <summary>
    /// The TLS handshake of the request's connection was complete and the request was being written or had been
    /// written: a reset or close from here on cut an established connection with the request on it (RT-03's kind),
    /// unlike a refusal or a failed handshake before any request was sent.
    /// </summary>
    RequestSent = 16,
}

/// <summary>
/// One worker: a loop that reserves a slot, sends one request (on its kept-alive connection, or on a fresh TCP+TLS
/// connection with <c>Connection: close</c>), records how it ended, and never retries. The whole loop is one async
/// state machine, the buffer is pooled and the request bytes are built once, so a kept-alive request allocates
/// nothing of its own.
/// </summary>
internal sealed class LoadWorker
{
    private const int BufferSize = 16 * 1024;
    private readonly LoadRun _run;
    private readonly byte _population;
    private readonly bool _keepAlive;
    private int _received;
    private readonly byte[] _request;
    private SslClientAuthenticationOptions _tls = null!;
    private long _tlsTrustVersion = -1;
    private readonly long _frequency;
    private ResponseFramer _framer;
    private CancellationTokenSource _timeout = null!;
    private CancellationTokenRegistration _abortLink;
    private Socket? _socket;
    private SslStream? _ssl;
    private int _connectionId;
    private bool _usedBefore;
    private CertificateGeneration? _generation;
    private bool _trusted;

    public LoadWorker(LoadRun run, byte population, bool keepAlive)
    {
        _run = run;
        _population = population;
        _keepAlive = keepAlive;
        _frequency = run.Time.TimestampFrequency;
        var spec = run.Spec;
        var host = (spec.ServerName ?? spec.Host).TrimEnd('.');
        var hostHeader = spec.Host.Contains(':', StringComparison.Ordinal) && spec.ServerName is null ? $"[{host}]:{spec.Port}" : $"{host}:{spec.Port}";
        _request = Encoding.ASCII.GetBytes(
            $"GET {spec.Path} HTTP/1.1\r\nHost: {hostHeader}\r\nUser-Agent: conformance-load\r\n{(keepAlive ? string.Empty : "Connection: close\r\n")}\r\n");
    }

    public async Task RunAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        NewTimeout();
        try
        {
            while (_run.TryReserve(out var slot))
            {
                var start = _run.Time.GetTimestamp();
                var flags = _keepAlive ? RequestFlags.KeepAliveWorker : RequestFlags.None;
                var outcome = RequestOutcome.OtherError;
                short status = 0;
                var phase = Phase.Connect;
                var closeAfter = !_keepAlive;
                _timeout.CancelAfter(_run.Spec.RequestTimeout);
                var token = _timeout.Token;
                try
                {
                    if (_ssl is not null && !StillOpen())
                    {
                        // Closed (or closing) by the server between requests: not a failure, a new connection.
                        CloseConnection();
                    }

                    if (_ssl is null)
                    {
                        flags |= RequestFlags.NewConnection;
                        await ConnectAsync(token);
                        phase = Phase.Handshake;
                        await _ssl!.AuthenticateAsClientAsync(Options(), token);
                    }

                    if (_generation is not null)
                    {
                        flags |= RequestFlags.Certificate;
                    }

                    if (!_trusted)
                    {
                        // The request is never sent on a connection this client would refuse.
                        outcome = RequestOutcome.Untrusted;
                        closeAfter = true;
                    }
                    else
                    {
                        phase = Phase.Write;
                        flags |= RequestFlags.RequestSent;
                        _usedBefore = true;
                        await _ssl!.WriteAsync(_request, token);
                        phase = Phase.Read;
                        _framer.Reset();
                        _received = 0;
                        var filled = 0;
                        while (true)
                        {
                            var n = await _ssl.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), token);
                            if (n == 0)
                            {
                                closeAfter = true;
                                outcome = _framer.CompleteOnClose() ? Served(ref status)
                                    : _received == 0 && (flags & RequestFlags.NewConnection) == 0 ? RequestOutcome.ClosedBeforeResponse
                                    : RequestOutcome.ClosedMidRequest;
                                break;
                            }

                            filled += n;
                            _received += n;
                            var state = _framer.Feed(buffer, ref filled);
                            if (state == FrameState.Complete)
                            {
                                closeAfter |= _framer.CloseAfter;
                                outcome = Served(ref status);
                                break;
                            }

                            if (state == FrameState.Malformed)
                            {
                                closeAfter = true;
                                outcome = RequestOutcome.OtherError;
                                break;
                            }
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    closeAfter = true;
                    if (_run.AbortToken.IsCancellationRequested)
                    {
                        flags |= RequestFlags.Aborted;
                        outcome = RequestOutcome.OtherError;
                    }
                    else
                    {
                        outcome = RequestOutcome.TimedOut;
                    }
                }
                catch (Exception e)
                {
                    closeAfter = true;
                    outcome = Classify(e, phase);

                    // A reused keep-alive connection that the server closed (FIN, no byte of a response) as the request
                    // went out: the idle-close race, not a request cut mid-way.
                    if (outcome == RequestOutcome.ClosedMidRequest && phase == Phase.Read && _received == 0 && (flags & RequestFlags.NewConnection) == 0)
                    {
                        outcome = RequestOutcome.ClosedBeforeResponse;
                    }
                }

                var end = _run.Time.GetTimestamp();
                if (_generation is not null)
                {
                    flags |= RequestFlags.Certificate;
                }

                var generation = _generation is null ? CertificateRegistry.NoGeneration : (byte)Math.Min(_generation.Index, CertificateRegistry.NoGeneration - 1);
                var micros = (end - start) * 1_000_000 / _frequency;
                _run.Complete(slot, new RequestRecord(start, (uint)Math.Min(micros, uint.MaxValue), _connectionId, status, outcome, generation, _population, (byte)flags));
                if (outcome is RequestOutcome.Ok or RequestOutcome.HttpError && _generation is not null && _run.Certificates.Served(_generation, end) is { } marker)
                {
                    _run.AddMarker(marker);
                }

                if (closeAfter)
                {
                    CloseConnection();
                }

                if (!_timeout.TryReset())
                {
                    NewTimeout();
                }
            }
        }
        finally
        {
            CloseConnection();
            _abortLink.Dispose();
            _timeout.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private enum Phase
    {
        Connect,
        Handshake,
        Write,
        Read,
    }

    private static RequestOutcome Classify(Exception e, Phase phase)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s)
            {
                return s.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => RequestOutcome.ConnectionRefused,
                    SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => RequestOutcome.Reset,
                    SocketError.TimedOut => RequestOutcome.TimedOut,
                    _ => RequestOutcome.OtherError,
                };
            }
        }

        return phase switch
        {
            // An alert, or the server closing during the handshake: refused before any request was sent.
            Phase.Handshake when e is AuthenticationException or IOException => RequestOutcome.RefusedInHandshake,
            Phase.Read or Phase.Write when e is IOException => RequestOutcome.ClosedMidRequest,
            _ => RequestOutcome.OtherError,
        };
    }

    private RequestOutcome Served(ref short status)
    {
        status = (short)_framer.Status;
        return _framer.Status >= 400 ? RequestOutcome.HttpError : RequestOutcome.Ok;
    }

    /// <summary>
    /// TLS options for the population's current trust, reused across connections. SslStream always builds a chain
    /// before calling back; giving it the population's anchors (custom root trust, no downloads, no revocation) keeps
    /// that build off the system store. The verdict that counts is still <see cref="CertificateRegistry.Verdict"/>.
    /// </summary>
    private SslClientAuthenticationOptions Options()
    {
        var trust = _run.Trust(_population);
        if (trust.Version == _tlsTrustVersion)
        {
            return _tls;
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.AddRange(trust.Anchors);
        var spec = _run.Spec;
        _tls = new SslClientAuthenticationOptions
        {
            TargetHost = spec.ServerName ?? spec.Host,
            EnabledSslProtocols = SslProtocols.None,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = policy,
            RemoteCertificateValidationCallback = OnCertificate,
            // Every fresh connection is a full handshake (as openssl s_time -new): no session resumption.
            AllowTlsResume = false,
        };
        _tlsTrustVersion = trust.Version;
        return _tls;
    }

    private async ValueTask ConnectAsync(CancellationToken token)
    {
        _connectionId = _run.NextConnectionId();
        _generation = null;
        _trusted = false;
        _usedBefore = false;
        _socket = new Socket(_run.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _socket.ConnectAsync(_run.EndPoint, token);
        _ssl = new SslStream(new NetworkStream(_socket, ownsSocket: true), leaveInnerStreamOpen: false);
    }

    /// <summary>A used keep-alive connection is reusable only if nothing arrived since the last response (a FIN or a close_notify would).</summary>
    private bool StillOpen()
    {
        if (!_usedBefore)
        {
            return true;
        }

        try
        {
            return !_socket!.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void CloseConnection()
    {
        if (_ssl is not null)
        {
            _ssl.Dispose();
            _ssl = null;
        }

        _socket?.Dispose();
        _socket = null;
        _generation = null;
        _trusted = false;
    }

    private void NewTimeout()
    {
        _abortLink.Dispose();
        _timeout?.Dispose();
        _timeout = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _run.Time);
        _abortLink = _run.AbortToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _timeout);
    }

    // Accepts any chain (the verdict is ours, against the population's trust) and captures the leaf's generation.
    private bool OnCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            _generation = null;
            _trusted = false;
            return true;
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        Span<byte> fingerprint = stackalloc byte[32];
        if (!leaf.TryGetCertHash(HashAlgorithmName.SHA256, fingerprint, out _))
        {
            fingerprint = CertificateRegistry.Fingerprint(leaf);
        }

        _generation = _run.Certificates.Generation(fingerprint);
        _trusted = _run.Certificates.Verdict(_run.Trust(_population), _generation, leaf, chain);
        return true;
    }
}
