namespace Conformance.Evidence;

/// <summary>One HTTP/1.1 request and its response, exactly as exchanged; redirects are never followed.</summary>
public sealed record HttpExchangeEvidence(
    string Endpoint,
    string Scheme,
    string Host,
    int Port,
    string? ServerName,
    string Method,
    string RequestTarget,
    string HostHeader,
    int? Status,
    string? ReasonPhrase,
    IReadOnlyList<HttpHeader> ResponseHeaders,
    string? Location,
    int BodyBytes,
    string? BodySnippet,
    string? Error,
    double ElapsedMs) : EvidenceItem;
