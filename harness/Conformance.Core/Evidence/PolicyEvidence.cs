namespace Conformance.Evidence;

/// <summary>A certificate-policy judgement: which rule was applied to which name and chain, and what it found.</summary>
public sealed record PolicyEvidence(
    string Endpoint,
    string Subject,
    string Rule,
    bool Satisfied,
    IReadOnlyList<string> Findings) : EvidenceItem
{
    /// <summary>The checks that failed (empty when <see cref="Satisfied"/>), each once, in the order they ran.</summary>
    public IReadOnlyList<PolicyCheck> Failed { get; init; } = [];
}
