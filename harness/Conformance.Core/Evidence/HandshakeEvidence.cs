using System.Security.Authentication;

namespace Conformance.Evidence;

/// <summary>A TLS handshake as the probe saw it: what was offered, what was negotiated, the served chain and the outcome.</summary>
public sealed record HandshakeEvidence(
    string Endpoint,
    string Host,
    int Port,
    string? ServerName,
    SslProtocols? Protocol,
    string? Cipher,
    string? Alpn,
    IReadOnlyList<CertificateSummary> Chain,
    HandshakeOutcome Outcome,
    TlsAlert? Alert,
    string? Detail,
    double ElapsedMs) : EvidenceItem;
