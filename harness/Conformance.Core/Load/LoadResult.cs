namespace Conformance.Load;

/// <summary>Every request of a run, the markers, the certificate generations (leaf SHA-256 fingerprints in order of first appearance) and the summary.</summary>
public sealed record LoadResult(
    RequestRecord[] Records,
    IReadOnlyList<LoadMarker> Markers,
    IReadOnlyList<string> Generations,
    long StartTimestamp,
    DateTimeOffset StartedUtc,
    LoadSummary Summary);
