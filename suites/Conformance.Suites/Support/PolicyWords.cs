using Conformance.Evidence;

namespace Conformance.Suites.Support;

/// <summary>A policy judgement in the words a reason needs: only what failed, not the checks that held.</summary>
internal static class PolicyWords
{
    public static string Problems(PolicyEvidence policy) =>
        string.Join("; ", policy.Findings.Where(f => !f.EndsWith(": ok", StringComparison.Ordinal) && !f.Contains("': matched SAN '", StringComparison.Ordinal)));
}
