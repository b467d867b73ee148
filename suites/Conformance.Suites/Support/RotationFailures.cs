namespace Conformance.Suites.Support;

/// <summary>
/// The failed requests of a rotation load, split by owner: the scenario's own (refused connections, failed
/// handshakes, a wrong or untrusted certificate, timeouts, error statuses, and cuts away from the reload), the
/// requests cut mid-request on an established connection while the reload happened (RT-03's kind), and, when the new
/// certificate was never served in time, the failures that were only a consequence of that (RT-04's fault).
/// </summary>
internal sealed record RotationFailures(
    IReadOnlyDictionary<string, long> OwnByClass,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> OwnByPopulation,
    long CutByReload,
    long Consequences,
    double WindowFromMs,
    double WindowToMs)
{
    /// <summary>The scenario's own dropped requests (the idle keep-alive close race is shown, never a drop).</summary>
    public long Own => Rotations.Drops(OwnByClass);

    /// <summary>The deferred requests in words, empty when there are none, e.g. "; 12 cut mid-request … (RT-03 judges them)".</summary>
    public string Deferred =>
        (CutByReload == 0 ? string.Empty : $"; {CutByReload} request(s) cut mid-request on established connections during the reload ({WindowFromMs:0}-{WindowToMs:0} ms into the load), deferred to RT-03")
        + (Consequences == 0 ? string.Empty : $"; {Consequences} failure(s) after the old CA was removed while the new leaf was still not served, deferred to RT-04");
}
