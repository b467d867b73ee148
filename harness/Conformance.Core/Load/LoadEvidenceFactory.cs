using Conformance.Evidence;

namespace Conformance.Load;

/// <summary>Turns a <see cref="LoadResult"/> into report evidence: summary, timeline, generations and markers as ms offsets (no raw records).</summary>
public static class LoadEvidenceFactory
{
    public static LoadEvidence From(LoadResult result, string endpoint, string description)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new LoadEvidence(endpoint, description, result.Summary,
            [.. result.Markers.Select(m => new TimelineMarker(m.Label, Math.Round(result.OffsetMs(m.Timestamp), 3)))], result.Generations);
    }
}
