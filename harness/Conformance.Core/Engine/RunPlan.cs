namespace Conformance.Engine;

/// <summary>
/// The order of one run's scenarios, by index into the selection: <see cref="Concurrent"/> run at once (each after its
/// producers), then <see cref="Serial"/> one at a time in this order, then <see cref="Last"/>, also one at a time.
/// </summary>
public sealed record RunPlan(IReadOnlyList<int> Concurrent, IReadOnlyList<int> Serial, IReadOnlyList<int> Last);
