namespace Conformance.Evidence;

/// <summary>One version offered with a harness-written ClientHello, and the server's first answer.</summary>
public sealed record VersionEvidence(
    string Endpoint,
    string Host,
    int Port,
    string? ServerName,
    string Offered,
    VersionOutcome Outcome,
    string? Selected,
    string? CipherSuite,
    string? Alpn,
    TlsAlert? Alert,
    string? FirstBytesHex,
    double ElapsedMs) : EvidenceItem
{
    /// <summary>What was read, in words (the ServerHello's choice, the alert, a HelloRetryRequest, …).</summary>
    public string? Detail { get; init; }
}
