namespace Conformance.Cluster;

/// <summary>What one finished tool call printed, and how long it took.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>
    /// The line that says why a call failed: the first <c>ERROR:</c>/<c>Error</c> line of stderr (kind and docker put the
    /// reason there and add detail after it), else the last non-empty line of stderr, else of stdout.
    /// </summary>
    public string FailureLine()
    {
        var errorLines = Lines(Stderr).ToList();
        var reason = errorLines.FirstOrDefault(l => l.StartsWith("ERROR", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal))
            ?? errorLines.LastOrDefault()
            ?? Lines(Stdout).LastOrDefault();
        return reason ?? "(no output)";
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
}
