using Conformance.FakeKubernetes;

namespace Conformance.Suites.Tests.Support;

/// <summary>Shipped kubernetes profiles written next to a <see cref="FakeKubernetesCluster"/>, pointed at it.</summary>
internal static class FakeKubernetesClusterProfiles
{
    /// <summary>Writes <paramref name="relative"/> (under fixtures/profiles) into the cluster's temp folder pointed at <paramref name="kubeconfig"/> (default: this fake), manifest paths absolute; returns its path.</summary>
    public static string Profile(this FakeKubernetesCluster cluster, string relative, string? kubeconfig = null)
    {
        var path = Path.Combine(cluster.Root, Path.GetFileName(relative));
        File.WriteAllText(path, cluster.ProfileText(RepoPaths.Profile(relative), kubeconfig, repositoryRoot: RepoPaths.Root));
        return path;
    }
}
