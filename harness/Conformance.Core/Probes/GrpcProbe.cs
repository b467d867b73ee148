using System.Security.Cryptography.X509Certificates;
using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>
/// Makes one real gRPC call, <c>grpc.health.v1.Health/Check</c>, over HTTP/2 and TLS with an optional client
/// certificate (Grpc.Net.Client), accepting any server chain (the policy judges chains elsewhere). No retries.
/// </summary>
public sealed class GrpcProbe(ProbeOptions options, TimeProvider time)
{
    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    /// <summary>Calls Health/Check; a refused TLS handshake, a reset or an RPC error are outcomes, not exceptions.</summary>
    public Task<GrpcEvidence> CheckHealthAsync(string endpoint, string host, int port, string? serverName, X509Certificate2? clientCertificate, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
