namespace Conformance.Evidence;

/// <summary>Log lines captured from the implementation that a scenario matched (or found missing).</summary>
public sealed record LogLinesEvidence(string Source, string Pattern, IReadOnlyList<LogLineRecord> Lines, string Expectation, bool Satisfied) : EvidenceItem;
