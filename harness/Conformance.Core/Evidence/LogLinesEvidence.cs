namespace Conformance.Evidence;

/// <summary>Log lines captured from the implementation that a scenario matched (or found missing).</summary>
public sealed record LogLinesEvidence(string Source, string Pattern, IReadOnlyList<LogLineRecord> Lines, string Expectation, bool Satisfied) : EvidenceItem
{
    /// <summary>Which action (e.g. a rotation step) the lines were judged against, when there is one.</summary>
    public string? Step { get; init; }

    /// <summary>When that action was taken, so each line's arrival can be read against it.</summary>
    public DateTimeOffset? ActionUtc { get; init; }

    /// <summary>What was seen, in words, when it says more than the count (e.g. a match that came too late).</summary>
    public string? Observed { get; init; }
}
