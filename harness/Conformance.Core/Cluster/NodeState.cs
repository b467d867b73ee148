namespace Conformance.Cluster;

/// <summary>One cluster node and whether its <c>Ready</c> condition is <c>True</c>.</summary>
public sealed record NodeState(string Name, bool Ready);
