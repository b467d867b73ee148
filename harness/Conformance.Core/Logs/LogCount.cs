using System.Globalization;
using System.Text.RegularExpressions;

namespace Conformance.Logs;

/// <summary>How many matching lines a window must hold: <c>exactly N</c>, <c>at least N</c>, or <c>none</c>.</summary>
public sealed partial record LogCount(LogCountKind Kind, int N)
{
    public static LogCount Once { get; } = new(LogCountKind.Exactly, 1);

    public bool Accepts(int count) => Kind switch
    {
        LogCountKind.Exactly => count == N,
        LogCountKind.AtLeast => count >= N,
        _ => count == 0,
    };

    public override string ToString() => Kind switch
    {
        LogCountKind.Exactly => $"exactly {N}",
        LogCountKind.AtLeast => $"at least {N}",
        _ => "none",
    };

    /// <summary>Parses <c>exactly 1</c>, <c>at least 2</c>, <c>none</c>, or a bare number (exactly).</summary>
    public static bool TryParse(string? text, out LogCount count)
    {
        count = Once;
        var m = text is null ? null : Grammar().Match(text.Trim());
        if (m is null || !m.Success)
        {
            return false;
        }

        if (m.Groups["none"].Success)
        {
            count = new LogCount(LogCountKind.None, 0);
            return true;
        }

        if (!int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 1_000_000)
        {
            return false;
        }

        var kind = m.Groups["least"].Success ? LogCountKind.AtLeast : LogCountKind.Exactly;
        if (kind == LogCountKind.Exactly && n == 0)
        {
            kind = LogCountKind.None;
        }

        count = new LogCount(kind, n);
        return kind != LogCountKind.AtLeast || n > 0;
    }

    [GeneratedRegex(@"^(?:(?<none>none)|(?:(?<exactly>exactly)\s+|(?<least>at\s+least)\s+)?(?<n>\d+))$", RegexOptions.IgnoreCase)]
    private static partial Regex Grammar();
}
