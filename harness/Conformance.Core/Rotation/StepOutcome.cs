namespace Conformance.Rotation;

/// <summary>How one step went: when it started (ms into the load), how long it took, whether its wait was met.</summary>
public sealed record StepOutcome(string Label, double AtMs, double TookMs, bool Completed, string Detail);
