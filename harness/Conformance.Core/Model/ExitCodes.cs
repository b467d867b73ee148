namespace Conformance.Model;

/// <summary>Process exit codes, as README.md documents them. Precedence when several hold: 2, then 1, then 3.</summary>
public static class ExitCodes
{
    public const int Conformant = 0;
    public const int NonConformant = 1;
    public const int BadUsage = 2;
    public const int InfrastructureError = 3;

    /// <summary>The run was interrupted by SIGINT (Ctrl+C): 128 + 2, as shells report it. What had finished is in the report.</summary>
    public const int Interrupted = 130;

    /// <summary>The run was stopped by SIGTERM: 128 + 15. What had finished is in the report.</summary>
    public const int Terminated = 143;

    /// <summary>Exit code of a finished run: a proven failure at a gating level outranks an undecided scenario.</summary>
    public static int For(IEnumerable<ScenarioResult> results, Level failOn, bool infrastructureError)
    {
        var gating = results.Where(r => r.Level <= failOn).ToList();
        if (gating.Any(r => r.Verdict == VerdictKind.Fail))
        {
            return NonConformant;
        }

        return infrastructureError || gating.Any(r => r.Verdict == VerdictKind.Error) ? InfrastructureError : Conformant;
    }

    /// <summary>
    /// The exit code of several runs judged together (a qualification): an interruption's signal code if any run was
    /// interrupted, otherwise the single run's precedence — 2, then 1, then 3, then 0.
    /// </summary>
    public static int Combine(IEnumerable<int> codes)
    {
        var all = codes.ToList();
        foreach (var code in (int[])[Interrupted, Terminated, BadUsage, NonConformant, InfrastructureError])
        {
            if (all.Contains(code))
            {
                return code;
            }
        }

        // Anything unknown (never written by this harness) is not conformance.
        return all.All(c => c == Conformant) ? Conformant : InfrastructureError;
    }
}
