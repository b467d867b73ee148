namespace Conformance.Targets;

/// <summary>
/// A target whose implementation the harness itself starts (a local process, a container) and so can watch exit and
/// start again on the same ports and files, as a supervisor would.
/// </summary>
public interface ISupervisedTarget : ITarget
{
    /// <summary>Waits up to <paramref name="within"/> for the implementation to exit by itself; true when it has (also when it had already).</summary>
    Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken);
}
