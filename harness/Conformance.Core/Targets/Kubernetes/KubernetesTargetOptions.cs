using Conformance.Profiles;

namespace Conformance.Targets.Kubernetes;

/// <summary>A <c>target.kubernetes</c> section with everything resolved for one run.</summary>
/// <param name="Spec">The profile's section.</param>
/// <param name="Kubeconfig">The kubeconfig file to read (profile key, then environment, then <c>~/.kube/config</c>).</param>
/// <param name="Manifests">Manifest texts with placeholders resolved, by file.</param>
/// <param name="Forwards">Local loopback port → container port, one port-forward listener each.</param>
/// <param name="Secrets">Secrets the run creates (<c>kubernetes.io/tls</c>): name → (chain PEM, key PEM).</param>
/// <param name="BundlePem">Content of the <see cref="KubernetesSpec.BundleConfigMap"/> ConfigMap (<c>ca.crt</c>); null: none.</param>
/// <param name="DeployUpstream">Deploy the trust-bundle scenarios' upstream (<see cref="KubernetesUpstream"/>) before the manifests.</param>
/// <param name="BundleNamespaces">Where trust bundles are written (<c>claims.trustBundle.namespaces</c>); null or empty: the run's namespace.</param>
public sealed record KubernetesTargetOptions(
    KubernetesSpec Spec,
    string Kubeconfig,
    IReadOnlyList<KubernetesManifest> Manifests,
    IReadOnlyList<KubernetesForward> Forwards,
    IReadOnlyDictionary<string, (string CertificatePem, string KeyPem)> Secrets,
    string? BundlePem,
    bool DeployUpstream = false,
    IReadOnlyList<string>? BundleNamespaces = null)
{
    /// <summary>Label every namespace the harness creates carries, so leftovers can be found and removed.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "conformance";

    /// <summary>Label naming the run that created the namespace.</summary>
    public const string RunLabel = "conformance.dev/run";

    /// <summary>Where the kubeconfig comes from when the profile names none.</summary>
    public static string DefaultKubeconfig() =>
        Environment.GetEnvironmentVariable(KubernetesSpec.KubeconfigVariable) is { Length: > 0 } c ? c
        : Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } k ? k.Split(Path.PathSeparator)[0]
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
}
