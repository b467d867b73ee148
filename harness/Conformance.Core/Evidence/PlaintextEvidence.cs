namespace Conformance.Evidence;

/// <summary>A plaintext request sent to a port and what came back, classified.</summary>
public sealed record PlaintextEvidence(
    string Endpoint,
    string Host,
    int Port,
    string RequestLine,
    PlaintextOutcome Outcome,
    int? HttpStatus,
    string? StatusLine,
    string? Location,
    int BytesReceived,
    string? FirstBytesHex,
    string? BodySnippet,
    TlsAlert? Alert,
    double ElapsedMs) : EvidenceItem;
