namespace Conformance.Cluster;

/// <summary>
/// Finds external tools on a search path. The path is given, not read from the process environment each time, so tests
/// point a locator at a folder of fake tools without touching the test process's own PATH.
/// </summary>
public sealed class ToolLocator
{
    /// <param name="searchPath">A PATH-style list of folders (separated by <see cref="Path.PathSeparator"/>).</param>
    public ToolLocator(string searchPath)
    {
        SearchPath = searchPath;
    }

    /// <summary>The folders searched, in PATH form; also the PATH the tools themselves are started with (kind runs docker).</summary>
    public string SearchPath { get; }

    /// <summary>A locator over this process's PATH.</summary>
    public static ToolLocator FromEnvironment() => new(Environment.GetEnvironmentVariable("PATH") ?? string.Empty);

    /// <summary>The full path of the first executable file named <paramref name="command"/>, or null.</summary>
    public string? Find(string command)
    {
        foreach (var dir in SearchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in OperatingSystem.IsWindows() ? [command + ".exe", command + ".cmd", command] : new[] { command })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
