using Conformance.Logs;
using Conformance.Targets;

namespace Conformance.Engine;

/// <summary>
/// The target's own captured output, filtered by stream (<c>LogLine.Source</c>): stdout/stderr for processes and
/// containers, the container name for a pod. Any target that fills <see cref="ITarget.Logs"/> plugs in unchanged.
/// </summary>
public sealed class TargetLogSource(ITarget target, LogSourceSpec spec) : ILogSource
{
    public string Name => spec.ToString();

    public IReadOnlyList<LogLine> Lines => [.. target.Logs.Where(l => spec.Includes(l.Source))];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
