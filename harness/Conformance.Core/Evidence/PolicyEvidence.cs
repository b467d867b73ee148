namespace Conformance.Evidence;

/// <summary>A certificate-policy judgement: which rule was applied to which name and chain, and what it found.</summary>
public sealed record PolicyEvidence(
    string Endpoint,
    string Subject,
    string Rule,
    bool Satisfied,
    IReadOnlyList<string> Findings) : EvidenceItem;
