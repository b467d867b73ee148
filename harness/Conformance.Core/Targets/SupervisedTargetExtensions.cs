namespace Conformance.Targets;

/// <summary>The supervisor's part of <see cref="ITargetActions"/>, one copy for every driver whose target the harness starts itself.</summary>
public static class SupervisedTargetExtensions
{
    /// <summary>
    /// <see cref="ITargetActions.RestartAfterExitAsync"/> for a target the harness starts: waits up to
    /// <paramref name="within"/> for the implementation to exit by itself, then starts the same target again (same
    /// ports, same files, which now hold what the scenario changed). False, nothing started, when it did not exit in time.
    /// </summary>
    public static async Task<bool> RestartAfterExitAsync(this ISupervisedTarget target, TimeSpan within, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!await target.WaitForExitAsync(within, cancellationToken))
        {
            return false;
        }

        await target.StartAsync(cancellationToken);
        return true;
    }
}
