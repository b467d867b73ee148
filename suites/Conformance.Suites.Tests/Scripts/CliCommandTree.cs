using System.Text.RegularExpressions;
using Conformance.Cli;

namespace Conformance.Suites.Tests.Scripts;

/// <summary>The conformance CLI's verbs and sub-verbs, read from its own --help (so the list cannot drift from the code).</summary>
internal static partial class CliCommandTree
{
    /// <summary>Top-level verb → its sub-verbs (empty for a verb without any).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadAsync(CancellationToken cancellationToken)
    {
        var tree = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var verb in await CommandsAsync([], cancellationToken))
        {
            tree[verb] = await CommandsAsync([verb], cancellationToken);
        }

        return tree;
    }

    private static async Task<IReadOnlyList<string>> CommandsAsync(string[] path, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ConformanceApp.RunAsync([.. path, "--help"], output, error, cancellationToken);
        Assert.True(code == 0, $"conformance {string.Join(' ', path)} --help exited {code}: {error}");
        var help = output.ToString().ReplaceLineEndings("\n");
        var start = help.IndexOf("\nCommands:\n", StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        var section = help[(start + "\nCommands:\n".Length)..].Split("\n\n")[0];
        return [.. section.Split('\n').Select(l => CommandLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"^  ([a-z][a-z0-9-]*)\b")]
    private static partial Regex CommandLine();
}
