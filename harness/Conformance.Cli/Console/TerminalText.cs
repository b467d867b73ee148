using System.Globalization;
using System.Text;

namespace Conformance.Cli.Console;

/// <summary>
/// Text bound for a terminal. Anything a target sent (a Location header, a reason quoting a response) or a user's
/// file held may carry control characters — <c>ESC[41m</c> recolours the terminal, <c>\r</c> overwrites a line —
/// so they are shown as visible escapes (<c>\x1b</c>). Error lines are also cut to a bound, keeping their start
/// (<c>file:line:column: field</c>) and their end.
/// </summary>
internal static class TerminalText
{
    /// <summary>Longest error line printed, in characters; a longer one keeps its first and last part.</summary>
    public const int MaxLine = 600;

    private const int Tail = 120;

    /// <summary>Control characters (C0 but tab, DEL, C1, and the Unicode line/paragraph separators and bidi overrides) as <c>\xNN</c> or <c>\u{NNNN}</c>.</summary>
    public static string Escape(string text)
    {
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!NeedsEscape(c))
            {
                builder.Append(c);
            }
            else if (c <= '\u00FF')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:x4}}}");
            }
        }

        return builder.ToString();
    }

    /// <summary>One line: line breaks escaped too, then <see cref="Escape"/>.</summary>
    public static string Line(string text) => Escape(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\n', ' '));

    /// <summary>Cuts <paramref name="line"/> to <paramref name="max"/> characters: its start and its last part, with how much was left out.</summary>
    public static string Bound(string line, int max = MaxLine)
    {
        if (line.Length <= max)
        {
            return line;
        }

        var cut = line.Length - (max - Tail);
        var marker = $" …[{cut} characters cut]… ";
        var head = max - Tail - marker.Length;
        return string.Concat(line.AsSpan(0, head), marker, line.AsSpan(line.Length - Tail));
    }

    private static bool NeedsEscape(char c) =>
        (c < ' ' && c != '\t') || c is '\u007F' || (c >= '\u0080' && c <= '\u009F') || c is '\u2028' or '\u2029' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
}
