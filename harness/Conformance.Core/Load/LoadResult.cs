using Conformance.Evidence;
namespace Conformance.Load;

/// <summary>Every request of a run, the markers, the certificate generations (leaf SHA-256 fingerprints in order of first appearance) and the summary.</summary>
public sealed record LoadResult(
    RequestRecord[] Records,
    IReadOnlyList<LoadMarker> Markers,
    IReadOnlyList<string> Generations,
    long StartTimestamp,
    DateTimeOffset StartedUtc,
    LoadSummary Summary)
{
    /// <summary>Ticks per second of the timestamps (<see cref="TimeProvider.TimestampFrequency"/> of the run's clock).</summary>
    public long TimestampFrequency { get; init; } = System.Diagnostics.Stopwatch.Frequency;

    /// <summary>Milliseconds from the start of the run to <paramref name="timestamp"/>.</summary>
    public double OffsetMs(long timestamp) => (timestamp - StartTimestamp) * 1000.0 / TimestampFrequency;
}
