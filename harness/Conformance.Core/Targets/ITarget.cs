using Conformance.Logs;
using Conformance.Profiles;

namespace Conformance.Targets;

/// <summary>How the harness reaches and acts on an implementation for one run.</summary>
public interface ITarget : IAsyncDisposable
{
    TargetKind Kind { get; }

    /// <summary>Whether the target can act on the implementation (restart, swap files). False for <c>endpoint</c>.</summary>
    bool SupportsActions { get; }

    /// <summary>Output captured so far, in arrival order.</summary>
    IReadOnlyList<LogLine> Logs { get; }

    /// <summary>Starts the implementation and waits (bounded) until it is ready. Throws <see cref="Model.TargetException"/> with one clear line.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops it gracefully, then kills what remains after the stop timeout.</summary>
    Task StopAsync(CancellationToken cancellationToken);

    Task RestartAsync(CancellationToken cancellationToken);
}
