using System.Text.RegularExpressions;

namespace Conformance.Logs;

/// <summary>Judges captured lines against a catalog: counts per window, lateness, and error-level lines.</summary>
public static partial class LogMatcher
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The expectation's regex with every placeholder replaced by its run value, regex-escaped (<c>{port:https}</c>
    /// becomes the allocated port). <paramref name="resolve"/> gets a whole placeholder such as <c>{port:https}</c>.
    /// </summary>
    public static Regex Compile(string pattern, Func<string, string> resolve) =>
        new(Placeholder().Replace(pattern, m => Regex.Escape(resolve(m.Value))), RegexOptions.None, RegexTimeout);

    /// <summary>The lines of <paramref name="lines"/> arrived in [from, until) whose message matches.</summary>
    public static LogWindow Match(LogCatalog catalog, LogExpectation expectation, Regex regex, IReadOnlyList<LogLine> lines, DateTimeOffset from, DateTimeOffset until)
    {
        var matched = lines
            .Where(l => l.ArrivedUtc >= from && l.ArrivedUtc < until)
            .Where(l => regex.IsMatch(catalog.Read(l).Message))
            .ToList();
        var late = matched.Where(l => l.ArrivedUtc - from > expectation.Within).ToList();
        return new LogWindow(expectation, regex.ToString(), from, until, matched, late);
    }

    /// <summary>Error-level lines (by the catalog's rule) arrived in [from, until); empty when the catalog has no rule.</summary>
    public static IReadOnlyList<LogEntry> Errors(LogCatalog catalog, IReadOnlyList<LogLine> lines, DateTimeOffset from, DateTimeOffset until) =>
        catalog.Errors is not { } rule
            ? []
            : [.. lines.Where(l => l.ArrivedUtc >= from && l.ArrivedUtc < until).Select(catalog.Read).Where(rule.IsError)];

    [GeneratedRegex(@"\{[a-z]+(?::[A-Za-z0-9_.\-]+)+\}")]
    private static partial Regex Placeholder();
}
