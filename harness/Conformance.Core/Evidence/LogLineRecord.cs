namespace Conformance.Evidence;

/// <summary>One captured log line with the time it arrived.</summary>
public sealed record LogLineRecord(DateTimeOffset ArrivedUtc, string Stream, string Text);
