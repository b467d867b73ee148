namespace Conformance.Cluster;

/// <summary>An external command the cluster code runs, and what a user installs when it is missing.</summary>
/// <param name="Command">The executable name looked up on PATH (<c>kind</c>, <c>docker</c>, <c>kubectl</c>).</param>
/// <param name="InstallHint">Where to get it, shown in the one-line error when it is missing.</param>
public sealed record ClusterTool(string Command, string InstallHint)
{
    /// <summary>kind, which creates Kubernetes clusters from Docker containers.</summary>
    public static ClusterTool Kind { get; } = new("kind", "install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation, e.g. 'go install sigs.k8s.io/kind@v0.29.0')");

    /// <summary>Docker, kind's node provider and the store of the images kind loads.</summary>
    public static ClusterTool Docker { get; } = new("docker", "install Docker Engine (https://docs.docker.com/engine/install/) and start its daemon");

    /// <summary>kubectl, used to read the cluster's nodes.</summary>
    public static ClusterTool Kubectl { get; } = new("kubectl", "install kubectl (https://kubernetes.io/docs/tasks/tools/)");
}
