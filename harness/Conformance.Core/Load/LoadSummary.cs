namespace Conformance.Load;

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
    /// <summary>Resolution of the timestamps behind <see cref="LongestGapMs"/> (1 / TimestampFrequency), in ms.</summary>
    public double TimestampResolutionMs { get; init; }
}
