namespace Conformance.Cluster;

/// <summary>What <c>conformance cluster status</c> found.</summary>
/// <param name="Name">The kind cluster name.</param>
/// <param name="Exists">Whether kind lists the cluster.</param>
/// <param name="Nodes">The nodes kubectl reports (empty when the cluster is absent).</param>
/// <param name="Context">The kubeconfig context that reaches it.</param>
/// <param name="Kubeconfig">The kubeconfig file read, or null for kubectl's default.</param>
public sealed record ClusterStatus(string Name, bool Exists, IReadOnlyList<NodeState> Nodes, string Context, string? Kubeconfig)
{
    /// <summary>Present with at least one node, every node ready.</summary>
    public bool Ready => Exists && Nodes.Count > 0 && Nodes.All(n => n.Ready);
}
