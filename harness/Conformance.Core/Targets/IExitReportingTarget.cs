namespace Conformance.Targets;

/// <summary>
/// A target whose implementation can exit on its own while the run goes on (<see cref="Profiles.TargetCapability.ReportExit"/>):
/// the engine waits for its listeners after start and turns a verdict reached on a dead target into an error.
/// </summary>
public interface IExitReportingTarget
{
    /// <summary>True once the implementation is gone.</summary>
    bool HasExited { get; }

    /// <summary>True when the harness stopped it (an exit the harness caused is not a finding).</summary>
    bool StoppedByHarness { get; }

    int? ExitCode { get; }

    /// <summary>The implementation as a report names it (its command line).</summary>
    string DisplayName { get; }

    /// <summary>How long the implementation may take to become ready; also bounds the wait for its other listeners.</summary>
    TimeSpan ReadyWithin { get; }

    /// <summary>Before the first start: throws <see cref="Model.TargetException"/> when something already listens on the ready port, which would be mistaken for the implementation.</summary>
    Task EnsureReadyPortFreeAsync(CancellationToken cancellationToken);
}
