namespace Conformance.Logs;

/// <summary>One line of the implementation's output, stamped when it arrived so "after the change" is decidable.</summary>
public sealed record LogLine(DateTimeOffset ArrivedUtc, string Source, string Text);
