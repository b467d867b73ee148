using Conformance.Model;

namespace Conformance.Cluster;

/// <summary>
/// A cluster operation that could not be done, with the one line a user sees and the exit code it maps to:
/// <see cref="ExitCodes.InfrastructureError"/> for a missing, failing or hanging tool, <see cref="ExitCodes.BadUsage"/> for bad options.
/// </summary>
public sealed class ClusterException : Exception
{
    public ClusterException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public ClusterException(string message)
        : this(message, ExitCodes.InfrastructureError)
    {
    }

    public ClusterException(string message, Exception inner)
        : base(message, inner)
    {
        ExitCode = ExitCodes.InfrastructureError;
    }

    public ClusterException()
    {
        ExitCode = ExitCodes.InfrastructureError;
    }

    /// <summary>The process exit code this failure maps to.</summary>
    public int ExitCode { get; }

    /// <summary>A bad option or value: exit 2.</summary>
    public static ClusterException BadUsage(string message) => new(message, ExitCodes.BadUsage);

    internal static ClusterException Missing(ClusterTool tool, string searchPath) =>
        new($"{tool.Command} not found on PATH ({Describe(searchPath)}): {tool.InstallHint}");

    private static string Describe(string searchPath) =>
        searchPath.Length == 0 ? "PATH is empty" : $"searched {searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Length} folder(s)";
}
