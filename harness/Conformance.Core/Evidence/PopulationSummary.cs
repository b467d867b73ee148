namespace Conformance.Evidence;

/// <summary>Totals of one client population.</summary>
public sealed record PopulationSummary(string Name, long Total, long Ok, IReadOnlyDictionary<string, long> FailuresByClass, double? FirstFailureMs, double? LastFailureMs);
