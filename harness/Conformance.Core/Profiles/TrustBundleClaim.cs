namespace Conformance.Profiles;

/// <summary>
/// <c>claims.trustBundle</c>: the implementation discovers trust bundles (ConfigMaps labelled
/// <c>networking.knative.dev/trust-bundle</c>) and verifies an upstream it calls against them (TB-01..04).
/// </summary>
public sealed record TrustBundleClaim
{
    /// <summary>What an invalid PEM entry does: <c>skip-entry</c> (the rest of the key counts) or <c>skip-key</c> (the key is ignored).</summary>
    public required string InvalidEntry { get; init; }

    /// <summary>The endpoint the harness sends requests to (Knative's activator); the implementation forwards them upstream.</summary>
    public required string Via { get; init; }

    /// <summary>
    /// The port the harness binds its upstream TLS server on, as written (e.g. <c>{port:upstream}</c>). Null on the
    /// kubernetes target, which deploys the upstream in the run's namespace (Service <c>conformance-upstream</c>).
    /// </summary>
    public string? Upstream { get; init; }

    /// <summary>The server name the implementation verifies the upstream as.</summary>
    public string ServerName { get; init; } = "data-plane.knative.dev";

    /// <summary>How long a bundle change may take to apply to new connections.</summary>
    public TimeSpan PickupWithin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A regular expression the warning about an invalid entry must match; null: any line naming both the ConfigMap and
    /// the data key.
    /// </summary>
    public string? Warning { get; init; }

    /// <summary>
    /// Which values of the label key select a bundle: <see cref="LabelTrue"/> (the Knative document's
    /// <c>networking.knative.dev/trust-bundle: "true"</c>; other values are not judged) or <see cref="LabelAny"/> (the
    /// implementation promises that any value selects).
    /// </summary>
    public string LabelValue { get; init; } = LabelTrue;

    /// <summary>
    /// The namespaces the bundle ConfigMaps live in (the Knative document: <c>knative-serving</c> and
    /// <c>knative-serving-ingress</c>), in the order written; empty: the run's namespace. Only the kubernetes target has
    /// namespaces: it writes, replaces and deletes each bundle in every one. The process and container targets write
    /// one folder and ignore this.
    /// </summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    public bool Assumed { get; init; }

    public const string LabelTrue = "true";

    public const string LabelAny = "any";

    public const string SkipEntry = "skip-entry";

    public const string SkipKey = "skip-key";
}
