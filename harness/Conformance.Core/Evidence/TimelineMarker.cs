namespace Conformance.Evidence;

/// <summary>A marker on a load timeline: what happened, milliseconds after the load started.</summary>
public sealed record TimelineMarker(string Label, double AtMs);
