
namespace Conformance.Logs;

/// <summary>
/// Lines from one place — a process's or a container's captured output, a pod container's followed log, or a file
/// the harness tails — each stamped with the time it arrived at the harness, in arrival order.
/// </summary>
public interface ILogSource : IAsyncDisposable
{
    /// <summary>What the evidence calls it, e.g. "target output (stdout)" or "file /run/x/error.log".</summary>
    string Name { get; }

    /// <summary>A snapshot of the lines so far.</summary>
    IReadOnlyList<LogLine> Lines { get; }
}
