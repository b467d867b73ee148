namespace Conformance.Evidence;

/// <summary>What a load run amounted to: totals, failures by class, the longest gap between successes, per-generation counts and a 10 ms timeline.</summary>
public sealed record LoadSummary(
    long Total,
    long Ok,
    IReadOnlyDictionary<string, long> FailuresByClass,
    double LongestGapMs,
    double LongestGapStartMs,
    IReadOnlyDictionary<int, long> PerGeneration,
    IReadOnlyList<PopulationSummary> Populations,
    IReadOnlyList<TimelineBucket> Timeline,
    double DurationMs,
    double RequestsPerSecond,
    int Connections)
{
    /// <summary>Resolution of <see cref="LongestGapMs"/> in ms: the clock's (1 / TimestampFrequency), or 1 µs when coarser, since durations are stored in microseconds.</summary>
    public double TimestampResolutionMs { get; init; }
}
