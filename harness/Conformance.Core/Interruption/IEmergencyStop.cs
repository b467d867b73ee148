namespace Conformance.Interruption;

/// <summary>
/// Something a run started that must not outlive the harness (a target's process tree, a container, a namespace, the
/// key workspace). <see cref="StopNow"/> is the last resort after a second signal or a stop that did not finish:
/// synchronous, idempotent, safe on any thread, and bounded by <c>within</c> (what cannot finish in time is started).
/// </summary>
public interface IEmergencyStop
{
    /// <summary>What is stopped, for the one line a second signal prints.</summary>
    string Describe { get; }

    void StopNow(TimeSpan within);

    /// <summary>
    /// True for what holds private keys on disk (the run workspace): an emergency stop removes those on the signalled
    /// thread itself, which is running, rather than on a new thread a loaded machine may not schedule before the exit.
    /// </summary>
    bool HoldsKeys => false;
}
