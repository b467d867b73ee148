namespace Conformance.Profiles;

/// <summary>
/// <c>target.kubernetes</c>: how the harness reaches an implementation deployed in a cluster. Each run creates its own
/// namespace (<see cref="NamespacePrefix"/> + a random suffix, labelled, deleted after), puts the run's certificate in
/// the TLS Secret <see cref="Secret"/>, applies <see cref="Manifests"/>, waits for <see cref="Deployment"/> to be ready
/// and port-forwards each local <c>{port:NAME}</c> in <see cref="Ports"/> to that port of a ready pod.
/// </summary>
public sealed record KubernetesSpec
{
    /// <summary>Environment variable consulted when <see cref="Kubeconfig"/> is absent (before <c>KUBECONFIG</c>).</summary>
    public const string KubeconfigVariable = "CONFORMANCE_KUBECONFIG";

    /// <summary>The image <c>fixtures/images/build.sh reference</c> builds (and the kind workflow loads).</summary>
    public const string DefaultUpstreamImage = "conformance/reference:dev";

    /// <summary>Kubeconfig path; null: <c>$CONFORMANCE_KUBECONFIG</c>, then <c>$KUBECONFIG</c>, then <c>~/.kube/config</c>.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Kubeconfig context; null: the file's current context.</summary>
    public string? Context { get; init; }

    public string NamespacePrefix { get; init; } = "conformance";

    /// <summary>
    /// Manifest files (absolute paths) applied into the run's namespace. Only <c>{port:NAME}</c> is resolved in them: a
    /// NAME in <see cref="Ports"/> becomes its container port, any other NAME a harness-side local port (see
    /// <c>KubernetesPlaceholders</c>).
    /// </summary>
    public IReadOnlyList<string> Manifests { get; init; } = [];

    /// <summary>The Deployment that runs the implementation: rollout restarts act on it, its pods are port-forwarded.</summary>
    public required string Deployment { get; init; }

    /// <summary>The container whose logs are the implementation's logs (<c>queue-proxy</c> for Knative); null: the first.</summary>
    public string? Container { get; init; }

    /// <summary>Name of the <c>kubernetes.io/tls</c> Secret holding the served certificate (created and replaced by the harness).</summary>
    public string Secret { get; init; } = "conformance-tls";

    /// <summary>ConfigMap (key <c>ca.crt</c>) the implementation trusts for client certificates: <c>{pki:bundle}</c> on this target.</summary>
    public string BundleConfigMap { get; init; } = "conformance-bundle";

    /// <summary>Local port placeholder name (<c>https</c> for <c>{port:https}</c>) → container port of the pod.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; init; } = new Dictionary<string, int>();

    /// <summary>SNI sent to endpoints that name none (the cluster name, e.g. <c>app.ns.svc.cluster.local</c>), as the connection goes to a local forward.</summary>
    public string? ServerName { get; init; }

    /// <summary>
    /// Image of the upstream pod the harness deploys for the trust-bundle scenarios (Service <c>conformance-upstream</c>,
    /// the reference server's <c>--mode upstream</c>); only deployed when the profile claims trust-bundle handling.
    /// </summary>
    public string UpstreamImage { get; init; } = DefaultUpstreamImage;

    /// <summary>Bound on namespace creation, rollouts and readiness.</summary>
    public TimeSpan ReadyWithin { get; init; } = TimeSpan.FromMinutes(2);
}
