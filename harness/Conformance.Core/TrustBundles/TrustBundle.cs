namespace Conformance.TrustBundles;

/// <summary>
/// A trust bundle as Knative reads it: a ConfigMap (on the process and container targets, a file standing for one)
/// whose labels select it and whose every data key may hold one or more PEM certificates.
/// </summary>
/// <param name="Name">ConfigMap name (file name without extension on file-based targets).</param>
/// <param name="Labels">Labels; Knative selects by the key <c>networking.knative.dev/trust-bundle</c> (its document writes the value <c>"true"</c>; <c>claims.trustBundle.labelValue</c> says which values a profile promises).</param>
/// <param name="Data">Data keys → PEM text (possibly several certificates, possibly invalid entries).</param>
public sealed record TrustBundle(string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Data)
{
    /// <summary>The label key Knative selects trust bundles by.</summary>
    public const string LabelKey = "networking.knative.dev/trust-bundle";
}
