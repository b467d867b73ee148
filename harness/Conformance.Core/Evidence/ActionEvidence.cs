namespace Conformance.Evidence;

/// <summary>An action taken on the target (file swap, restart, signal) and when, so later evidence can be read against it.</summary>
public sealed record ActionEvidence(string Action, string Detail, DateTimeOffset AtUtc, double ElapsedMs) : EvidenceItem;
