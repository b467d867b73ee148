namespace Conformance.Evidence;

/// <summary>Requests that started in one 10 ms slot of the run.</summary>
public sealed record TimelineBucket(int Slot, int Ok, int Failed);
