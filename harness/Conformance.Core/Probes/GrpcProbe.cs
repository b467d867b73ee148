using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Conformance.Evidence;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Conformance.Probes;

/// <summary>
/// Makes one real gRPC call, <c>grpc.health.v1.Health/Check</c>, over HTTP/2 and TLS with an optional client
/// certificate (Grpc.Net.Client), accepting any server chain (the policy judges chains elsewhere). No retries.
/// </summary>
public sealed class GrpcProbe(ProbeOptions options, TimeProvider time)
{
    /// <summary>The method every probe calls.</summary>
    public const string Method = "grpc.health.v1.Health/Check";

    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    /// <summary>Calls Health/Check; a refused TLS handshake, a reset or an RPC error are outcomes, not exceptions.</summary>
    public async Task<GrpcEvidence> CheckHealthAsync(string endpoint, string host, int port, string? serverName, X509Certificate2? clientCertificate, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        GrpcEvidence Result(HandshakeOutcome outcome, string? status, string? health, TlsAlert? alert, string detail) =>
            new(endpoint, host, port, serverName, Method, clientCertificate?.Subject, outcome, status, health, alert, detail, Time.GetElapsedTime(started).TotalMilliseconds);

        Exception? connectError = null;
        var handler = new SocketsHttpHandler
        {
            // The socket goes to host:port whatever the URI names, so the authority and SNI can be the server name.
            ConnectCallback = async (_, token) =>
            {
                try
                {
                    var socket = await ProbeSocket.ConnectAsync(host, port, Options.ConnectTimeout, Time, token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    connectError = e;
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
            EnableMultipleHttp2Connections = false,
            ConnectTimeout = Options.ConnectTimeout,
        };

        var authority = (serverName ?? host).TrimEnd('.');
        if (authority.Contains(':', StringComparison.Ordinal))
        {
            authority = $"[{authority}]";
        }

        using var channel = GrpcChannel.ForAddress(
            $"https://{authority}:{port}",
            new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true, MaxRetryAttempts = 0, ServiceConfig = null });
        var client = new Health.HealthClient(channel);
        var deadline = Time.GetUtcNow().UtcDateTime + Options.ConnectTimeout + Options.ReadTimeout;
        try
        {
            var reply = await client.CheckAsync(new HealthCheckRequest(), deadline: deadline, cancellationToken: cancellationToken);
            return Result(HandshakeOutcome.Accepted, nameof(StatusCode.OK), reply.Status.ToString(), null, $"health status {reply.Status}");
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return Classify(e, connectError, Result);
        }
    }

    private static GrpcEvidence Classify(RpcException e, Exception? connectError, Func<HandshakeOutcome, string?, string?, TlsAlert?, string, GrpcEvidence> result)
    {
        var status = e.StatusCode.ToString();
        var cause = e.Status.DebugException;
        var detail = cause is null ? $"{status}: {e.Status.Detail}" : $"{status}: {e.Status.Detail} | {ProbeErrors.Describe(cause)}";
        if (connectError is not null)
        {
            return ProbeErrors.Classify(connectError) switch
            {
                ProbeFailure.TimedOut => result(HandshakeOutcome.TimedOut, status, null, null, $"connect timed out; {detail}"),
                ProbeFailure.Reset => result(HandshakeOutcome.Reset, status, null, null, $"reset during connect; {detail}"),
                _ => result(HandshakeOutcome.ConnectionRefused, status, null, null, detail),
            };
        }

        if (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return result(HandshakeOutcome.TimedOut, status, null, null, detail);
        }

        var alert = cause is null ? OpenSslAlerts.FromText(e.Status.Detail) : OpenSslAlerts.Find(cause);
        if (cause is not null && InHandshake(cause))
        {
            return result(HandshakeOutcome.RefusedInHandshake, status, null, alert, detail);
        }

        if (cause is not null && ProbeErrors.Classify(cause) == ProbeFailure.Reset && alert is null)
        {
            return result(HandshakeOutcome.Reset, status, null, null, detail);
        }

        return e.StatusCode switch
        {
            // The handshake completed, then the connection failed: TLS 1.3 client-certificate refusals arrive here.
            StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown when cause is not null || alert is not null
                => result(HandshakeOutcome.RefusedAfterHandshake, status, null, alert, detail),
            StatusCode.Unauthenticated or StatusCode.PermissionDenied => result(HandshakeOutcome.RefusedByApplication, status, null, null, detail),
            _ when e.Status.Detail.Contains("HTTP status code: 4", StringComparison.Ordinal) => result(HandshakeOutcome.RefusedByApplication, status, null, null, detail),
            StatusCode.Unavailable or StatusCode.Internal => result(HandshakeOutcome.RefusedAfterHandshake, status, null, alert, detail),

            // TLS and HTTP/2 were accepted and the server answered the RPC, just not with a health status (e.g. Unimplemented).
            _ => result(HandshakeOutcome.Accepted, status, null, null, $"connection accepted; the call ended with {detail}"),
        };
    }

    // SocketsHttpHandler marks a failed TLS handshake as SecureConnectionError, with SslStream's AuthenticationException inside.
    private static bool InHandshake(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } or AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
