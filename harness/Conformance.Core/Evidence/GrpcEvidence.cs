namespace Conformance.Evidence;

/// <summary>A real gRPC call (grpc.health.v1.Health/Check over HTTP/2 and TLS) and how it ended.</summary>
public sealed record GrpcEvidence(
    string Endpoint,
    string Host,
    int Port,
    string? ServerName,
    string Method,
    string? ClientCertificate,
    HandshakeOutcome Outcome,
    string? GrpcStatus,
    string? HealthStatus,
    TlsAlert? Alert,
    string? Detail,
    double ElapsedMs) : EvidenceItem;
