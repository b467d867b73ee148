using System.Text.RegularExpressions;

namespace Conformance.Logs;

/// <summary>
/// What counts as an error-level line: for JSON, the level field ranked at or above <see cref="AtLeast"/> (zap's
/// debug &lt; info &lt; warn &lt; error &lt; dpanic &lt; panic &lt; fatal, syslog names included); for text, a regex
/// such as nginx's <c>\[(emerg|alert|crit|error)\]</c>.
/// </summary>
public sealed record LogLevelRule
{
    private static readonly Dictionary<string, int> Ranks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["trace"] = 0, ["debug"] = 1, ["info"] = 2, ["information"] = 2, ["notice"] = 3, ["warn"] = 4, ["warning"] = 4,
        ["error"] = 5, ["err"] = 5, ["dpanic"] = 6, ["crit"] = 6, ["critical"] = 6, ["panic"] = 7, ["alert"] = 7,
        ["fatal"] = 8, ["emerg"] = 8, ["emergency"] = 8,
    };

    /// <summary>The lowest level that counts (JSON catalogs).</summary>
    public string? AtLeast { get; init; }

    /// <summary>A regex on the whole line (text catalogs).</summary>
    public string? Pattern { get; init; }

    public static bool IsKnownLevel(string level) => Ranks.ContainsKey(level);

    /// <summary>The level names, lowest first (matched without regard to case).</summary>
    public static IReadOnlyList<string> Levels => [.. Ranks.OrderBy(r => r.Value).Select(r => r.Key)];

    public bool IsError(LogEntry entry)
    {
        if (Pattern is { } p && Regex.IsMatch(entry.Line.Text, p, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            return true;
        }

        return AtLeast is { } floor && entry.Level is { } level && Ranks.TryGetValue(level, out var rank) && rank >= Ranks[floor];
    }

    public override string ToString() => Pattern is { } p
        ? AtLeast is { } a ? $"level ≥ {a} or /{p}/" : $"/{p}/"
        : $"level ≥ {AtLeast}";
}
