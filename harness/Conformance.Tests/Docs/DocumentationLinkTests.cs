using System.Text.RegularExpressions;

namespace Conformance.Tests.Docs;

/// <summary>
/// The README is short and links into docs/: a moved or renamed page must not leave a reader on a dead link, and
/// every page must be reachable from the README or the docs index.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Pages() => [.. AllPages().Select(p => Path.GetRelativePath(RepoPaths.Root, p))];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_of_a_page_names_a_file_and_heading_that_exist(string page)
    {
        var path = Path.Combine(RepoPaths.Root, page);
        var broken = new List<string>();
        foreach (var (target, line) in RelativeLinks(path))
        {
            var (file, anchor) = Split(target);
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{page}:{line}: {target} (no such file)");
            }
            else if (anchor.Length > 0 && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(anchor))
            {
                broken.Add($"{page}:{line}: {target} (no heading #{anchor} in {Path.GetFileName(resolved)})");
            }
        }

        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
    }

    [Fact]
    public void Every_docs_page_is_linked_from_the_readme_or_the_docs_index()
    {
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var index in new[] { Path.Combine(RepoPaths.Root, "README.md"), Path.Combine(RepoPaths.Root, "docs", "README.md") })
        {
            foreach (var (target, _) in RelativeLinks(index))
            {
                var (file, _) = Split(target);
                if (file.Length > 0)
                {
                    linked.Add(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(index)!, file)));
                }
            }
        }

        var orphans = Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md")
            .Where(p => Path.GetFileName(p) != "README.md" && !linked.Contains(p))
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p))
            .ToList();
        Assert.True(orphans.Count == 0, "not linked from README.md or docs/README.md: " + string.Join(", ", orphans));
    }

    [Fact]
    public void The_readme_stays_an_entry_page_that_links_into_docs()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

        // Long material belongs in docs/: past this size the README stops being read top to bottom.
        Assert.True(readme.Length < 20_000, $"README.md is {readme.Length} characters; move detail into docs/");
        Assert.Contains("dotnet test", readme, StringComparison.Ordinal);
        Assert.Contains("## Exit codes", readme.Replace("### Exit codes", "## Exit codes", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("## Adding a scenario", readme, StringComparison.Ordinal);
        Assert.Contains("docs/report.png", readme, StringComparison.Ordinal);
    }

    private static IEnumerable<string> AllPages() =>
        new[] { Path.Combine(RepoPaths.Root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "fixtures"), "README.md", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<(string Target, int Line)> RelativeLinks(string path)
    {
        var inFence = false;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            foreach (Match m in LinkPattern().Matches(line))
            {
                var target = m.Groups[1].Value;
                if (!target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    yield return (target, number);
                }
            }
        }
    }

    private static (string File, string Anchor) Split(string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (target, "") : (target[..hash], target[(hash + 1)..]);
    }

    // GitHub's heading anchors: lower case, punctuation other than '-' and '_' dropped, spaces to '-'.
    private static HashSet<string> Anchors(string markdown) =>
        [.. File.ReadLines(markdown)
            .Where(l => l.StartsWith('#'))
            .Select(l => l.TrimStart('#').Trim().ToLowerInvariant())
            .Select(h => new string([.. h.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ')]).Replace(' ', '-'))];

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex LinkPattern();
}
