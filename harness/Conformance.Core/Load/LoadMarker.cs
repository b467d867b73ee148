namespace Conformance.Load;

/// <summary>A moment in the load (an action on the target, a certificate first served), as a timestamp.</summary>
public sealed record LoadMarker(string Label, long Timestamp);
