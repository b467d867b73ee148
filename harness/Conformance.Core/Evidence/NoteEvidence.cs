namespace Conformance.Evidence;

/// <summary>A plain statement, e.g. the seed used or which names were generated.</summary>
public sealed record NoteEvidence(string Text) : EvidenceItem;
