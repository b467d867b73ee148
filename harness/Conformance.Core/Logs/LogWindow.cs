
namespace Conformance.Logs;

/// <summary>
/// The lines one expectation matched in one window — from an action (start, a rotation step) up to the next action
/// or the end of observation — and the judgement: the count fits, and no match came later than <c>within</c>.
/// </summary>
public sealed record LogWindow(LogExpectation Expectation, string Pattern, DateTimeOffset From, DateTimeOffset Until, IReadOnlyList<LogLine> Matched, IReadOnlyList<LogLine> Late)
{
    public bool Satisfied => Expectation.Count.Accepts(Matched.Count) && Late.Count == 0;

    /// <summary>What was expected, in words, e.g. "exactly 1 line within 10s after the action".</summary>
    public string Expected => $"{Expectation.Count} line{(Expectation.Count.N == 1 ? string.Empty : "s")} matching '{Expectation.Name}' within {Inputs.Durations.Format(Expectation.Within)} after the action";

    /// <summary>What was seen, in words.</summary>
    public string Seen => Late.Count > 0
        ? $"{Matched.Count} matched, {Late.Count} of them later than {Inputs.Durations.Format(Expectation.Within)} after the action"
        : $"{Matched.Count} matched";
}
