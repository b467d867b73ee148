using Conformance.Evidence;

namespace Conformance.Model;

/// <summary>One scenario's verdict and the evidence behind it, as reports show it.</summary>
public sealed record ScenarioResult(
    string Id,
    string Suite,
    Level Level,
    string Title,
    string Requirement,
    string Capability,
    VerdictKind Verdict,
    string? Reason,
    double DurationMs,
    IReadOnlyList<EvidenceItem> Evidence);
