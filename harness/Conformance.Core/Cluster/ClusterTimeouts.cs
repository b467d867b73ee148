namespace Conformance.Cluster;

/// <summary>Bounds on external calls: short ones for queries, a longer one for create, delete and image loads.</summary>
/// <param name="Query">Bound on a call that only reads (<c>kind get clusters</c>, <c>docker info</c>, <c>kubectl get nodes</c>).</param>
/// <param name="Operation">Bound on a call that changes the cluster; <c>kind create cluster</c> gets this plus its <c>--wait</c>.</param>
public sealed record ClusterTimeouts(TimeSpan Query, TimeSpan Operation)
{
    /// <summary>30 s for queries, 10 min for operations (the first create pulls the kind node image).</summary>
    public static ClusterTimeouts Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10));

    /// <summary>Every call bounded by <paramref name="bound"/> (queries by the smaller of it and <see cref="Default"/>'s).</summary>
    public static ClusterTimeouts Uniform(TimeSpan bound) => new(bound < Default.Query ? bound : Default.Query, bound);
}
