using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Conformance.Tests.Profiles.Seeds;

/// <summary>
/// Finds the claims of a seed profile that neither cite their document nor say they are assumed. A citation is a
/// comment on the claim's line, or in the comment block directly above it, written "where: what" (for example
/// "# worked example: one CA issues all three" or "# RFC, TLS section: HTTP endpoints are disabled"). A key of a
/// mapping claim is covered by its own citation, by its claim's, or by <c>assumed</c> (true, or a list naming it).
/// </summary>
internal static partial class ClaimCitations
{
    /// <summary>Claim keys that describe the test set-up rather than a promise of the system.</summary>
    public static IReadOnlyDictionary<string, string> Exempt { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["content"] = "what the served content looks like is the test set-up's (the reference's marker), not a promise",
        ["trustBundle.upstream"] = "the port of the harness's upstream stand-in",
    };

    public static IReadOnlyList<string> Uncovered(string file, string text)
    {
        var lines = text.Split('\n');
        var yaml = new YamlStream();
        using (var reader = new StringReader(text))
        {
            yaml.Load(reader);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("claims"), out var claimsNode) || claimsNode is not YamlMappingNode claims)
        {
            return [];
        }

        var uncovered = new List<string>();
        foreach (var (keyNode, value) in claims.Children)
        {
            var claim = ((YamlScalarNode)keyNode).Value!;
            if (Exempt.ContainsKey(claim))
            {
                continue;
            }

            var line = (int)keyNode.Start.Line;
            var cited = Cited(lines, line);
            if (value is not YamlMappingNode map)
            {
                if (!cited)
                {
                    uncovered.Add($"{file}:{line}: claims.{claim}: no \"where: what\" comment citing the document");
                }

                continue;
            }

            var assumed = AssumedKeys(map);
            foreach (var (subNode, _) in map.Children)
            {
                var key = ((YamlScalarNode)subNode).Value!;
                var subLine = (int)subNode.Start.Line;
                if (key == "assumed" || Exempt.ContainsKey($"{claim}.{key}") || assumed.Contains(key) || cited
                    || (subLine != line && Cited(lines, subLine)))
                {
                    continue;
                }

                uncovered.Add($"{file}:{subLine}: claims.{claim}.{key}: neither a \"where: what\" comment citing the document nor assumed");
            }
        }

        return uncovered;
    }

    private static HashSet<string> AssumedKeys(YamlMappingNode claim)
    {
        if (!claim.Children.TryGetValue(new YamlScalarNode("assumed"), out var assumed))
        {
            return [];
        }

        return assumed switch
        {
            YamlScalarNode { Value: "true" } => [.. claim.Children.Keys.Select(k => ((YamlScalarNode)k).Value!)],
            YamlSequenceNode list => [.. list.Children.OfType<YamlScalarNode>().Select(s => s.Value!)],
            _ => [],
        };
    }

    /// <summary>A citation on the 1-based <paramref name="line"/> itself or in the comment lines right above it.</summary>
    private static bool Cited(string[] lines, int line)
    {
        if (IsCitation(TrailingComment(lines[line - 1])))
        {
            return true;
        }

        for (var i = line - 2; i >= 0 && lines[i].TrimStart().StartsWith('#'); i--)
        {
            if (IsCitation(lines[i].TrimStart()))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCitation(string? comment) => comment is not null && CitationForm().IsMatch(comment);

    /// <summary>The comment that ends a YAML line, ignoring '#' inside quoted text.</summary>
    private static string? TrailingComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[i..];
            }
        }

        return null;
    }

    // "# where: what": a short source label (no sentence before it), a colon, then what the source says.
    [GeneratedRegex(@"^#\s*[^:#]{3,60}:\s+\S")]
    private static partial Regex CitationForm();
}
