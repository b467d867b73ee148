using YamlDotNet.Core;

namespace Conformance.Profiles;

/// <summary>
/// Better locations for YAML syntax errors than the parser's own in two common cases: a tab used as indentation
/// (YamlDotNet reports where the enclosing mapping began) and a flow collection never closed (it reports no location).
/// </summary>
internal static class YamlSyntaxLocator
{
    /// <summary>Line and column (1-based) to report for <paramref name="e"/>.</summary>
    public static (int Line, int Column) Refine(string yaml, YamlException e)
    {
        if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            var lines = yaml.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
                var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
                if (tab >= 0 && tab < indent)
                {
                    return (i + 1, tab + 1);
                }
            }
        }

        return ((int)e.Start.Line, (int)e.Start.Column);
    }

    /// <summary>Where the outermost <c>{</c> or <c>[</c> that is never closed was opened (quotes and comments skipped); else the end.</summary>
    public static (int Line, int Column) UnclosedBracket(string yaml)
    {
        var open = new Stack<(int Line, int Column)>();
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            char? quote = null;
            for (var c = 0; c < lines[i].Length; c++)
            {
                var ch = lines[i][c];
                if (quote is { } q)
                {
                    quote = ch == q ? null : quote;
                }
                else if (ch is '"' or '\'')
                {
                    quote = ch;
                }
                else if (ch == '#' && (c == 0 || char.IsWhiteSpace(lines[i][c - 1])))
                {
                    break;
                }
                else if (ch is '{' or '[')
                {
                    open.Push((i + 1, c + 1));
                }
                else if (ch is '}' or ']' && open.Count > 0)
                {
                    open.Pop();
                }
            }
        }

        return open.Count > 0 ? open.Last() : (lines.Length, 1);
    }
}
