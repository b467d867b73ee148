
namespace Conformance.Evidence;

/// <summary>
/// A load run as evidence: the summary, the 10 ms timeline and the markers (offsets in ms from the start), enough
/// for the report's rotation timeline chart. The raw records stay out of the report.
/// </summary>
public sealed record LoadEvidence(
    string Endpoint,
    string Description,
    LoadSummary Summary,
    IReadOnlyList<TimelineMarker> Markers,
    IReadOnlyList<string> Generations) : EvidenceItem;
