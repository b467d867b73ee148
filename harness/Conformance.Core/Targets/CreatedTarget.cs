namespace Conformance.Targets;

/// <summary>
/// A driver's target and the maker of its actions; the actions are made only when the run goes ahead (a profile
/// check makes the target alone, so it reports exactly what the target's construction finds).
/// </summary>
public sealed record CreatedTarget(ITarget Target, Func<ITargetActions?> Actions);
