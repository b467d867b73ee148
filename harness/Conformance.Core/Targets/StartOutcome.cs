namespace Conformance.Targets;

/// <summary>How <see cref="Processes.ProcessTarget.TryStartAsync"/> ended.</summary>
public enum StartOutcome
{
    /// <summary>The ready port accepted a connection (or there is no ready port); the process runs.</summary>
    Ready,

    /// <summary>The process exited on its own before it was ready.</summary>
    Exited,

    /// <summary>Still not ready when the wait ended; it was stopped.</summary>
    NotReady,
}
