namespace Conformance.Evidence;

/// <summary>A start of the implementation with altered inputs (e.g. a bad secret), and whether it refused to start.</summary>
public sealed record StartAttemptEvidence(
    string Variant,
    string Command,
    bool BecameReady,
    bool Exited,
    int? ExitCode,
    IReadOnlyList<string> Output,
    double ElapsedMs) : EvidenceItem;
