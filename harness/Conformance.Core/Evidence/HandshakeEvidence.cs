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
    double ElapsedMs) : EvidenceItem
{
    /// <summary>
    /// Whether the server sent a CertificateRequest (asked for a client certificate) in this handshake; null when the
    /// probe could not observe it (a client certificate sent with intermediates).
    /// </summary>
    public bool? CertificateRequested { get; init; }
}
