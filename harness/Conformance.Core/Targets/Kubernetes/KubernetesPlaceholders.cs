using System.Globalization;
using System.Text.RegularExpressions;
using Conformance.Inputs;
using Conformance.Profiles;

namespace Conformance.Targets.Kubernetes;

/// <summary>
/// What <c>{port:NAME}</c> means on the kubernetes target outside the profile's own endpoints. In a manifest, and in a
/// log catalog (what the implementation itself prints), a NAME listed in <c>target.kubernetes.ports</c> is the container
/// port: that is what the pod listens on and names. Any other NAME is a harness-side local port (for example the TB
/// scenarios' upstream), which a pod can reach only when it shares the harness's loopback, as the fake API server's pods
/// do. The process target keeps the plain resolver: there the local port is the one the implementation listens on.
/// </summary>
public static partial class KubernetesPlaceholders
{
    /// <summary>Replaces every <c>{port:NAME}</c> in a manifest's text; other placeholders are left as written.</summary>
    public static string ResolvePorts(string text, KubernetesSpec spec, PlaceholderResolver resolver) =>
        PortPlaceholder().Replace(text, m => Port(m.Groups[1].Value, spec, resolver));

    /// <summary>The resolver log catalogs use for this profile: container ports for forwarded names on kubernetes.</summary>
    public static Func<string, string> ForLogs(Profile profile, PlaceholderResolver resolver) =>
        profile.Target.Kind == TargetKind.Kubernetes && profile.Target.Kubernetes is { } spec
            ? text => text.StartsWith("{port:", StringComparison.Ordinal) ? ResolvePorts(text, spec, resolver) : resolver.Resolve(text)
            : resolver.Resolve;

    private static string Port(string name, KubernetesSpec spec, PlaceholderResolver resolver) =>
        (spec.Ports.TryGetValue(name, out var container) ? container : resolver.Port(name)).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{port:([A-Za-z0-9_.\-]+)\}")]
    private static partial Regex PortPlaceholder();
}
