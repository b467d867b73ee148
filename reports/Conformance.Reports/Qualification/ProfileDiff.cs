using Conformance.Model;

namespace Conformance.Reports.Qualification;

/// <summary>
/// One profile present in both matrices: the scenario-level diff of its row (the same <see cref="RunDiff"/> that
/// <c>report diff</c> of two results.json gives), with the rows seen as runs so the run-diff renderers apply.
/// </summary>
public sealed record ProfileDiff(string Profile, RunResult Before, RunResult After, RunDiff Diff);
