namespace Conformance.Evidence;

/// <summary>Whether a TCP port accepted a connection.</summary>
public sealed record PortEvidence(string Endpoint, string Host, int Port, bool Listening, string Detail) : EvidenceItem;
