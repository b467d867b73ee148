using System.Globalization;
using System.Text.RegularExpressions;

namespace Conformance.Inputs;

/// <summary>Durations as profiles write them: <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>, or a sum such as <c>1m30s</c>.</summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || !WholePattern().IsMatch(text))
        {
            return false;
        }

        foreach (Match part in PartPattern().Matches(text))
        {
            if (!long.TryParse(part.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 10_000_000)
            {
                return false;
            }

            value += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromHours(n),
            };
        }

        return true;
    }

    /// <summary>Short form for messages: <c>1.5s</c>, <c>250ms</c>.</summary>
    public static string Format(TimeSpan value) => value.TotalSeconds >= 1
        ? value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"
        : value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms";

    [GeneratedRegex(@"^(?:\d+(?:ms|h|m|s))+$")]
    private static partial Regex WholePattern();

    [GeneratedRegex(@"(\d+)(ms|h|m|s)")]
    private static partial Regex PartPattern();
}
