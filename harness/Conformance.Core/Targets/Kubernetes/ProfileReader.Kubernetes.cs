using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary>
/// <c>target.kubernetes</c>: kept apart from the rest of the reader, in the kubernetes driver's folder, so the
/// kubernetes target's keys live in one place; a part of <see cref="ProfileReader"/> so it shares the walker's helpers.
/// </summary>
internal sealed partial class ProfileReader
{
    private KubernetesSpec? ReadKubernetes(YamlNode keyNode, YamlNode node, TargetKind? kind)
    {
        const string Field = "target.kubernetes";
        if (!IsMapping(node, Field, out var map))
        {
            return null;
        }

        if (kind is { } other && other != TargetKind.Kubernetes)
        {
            Error(keyNode, Field, $"only a kubernetes target reads this section (this target's kind is '{other}')");
            return null;
        }

        var keys = Keys(map, Field, keyNode);
        var deployment = Text(keys, "deployment", Field);

        foreach (var name in new[] { "deployment", "secret", "bundleConfigMap", "container" })
        {
            if (Text(keys, name, Field) is { } value && !DnsLabelPattern().IsMatch(value))
            {
                Error(keys[name].Value, $"{Field}.{name}", $"'{value}' is not a Kubernetes object name (lower-case letters, digits and '-', at most 63)");
            }
        }

        var prefix = Text(keys, "namespacePrefix", Field) ?? "conformance";
        if (!DnsLabelPattern().IsMatch(prefix) || prefix.Length > 50)
        {
            Error(keys.TryGetValue("namespacePrefix", out var np) ? np.Value : keyNode, $"{Field}.namespacePrefix", $"'{prefix}' is not a namespace prefix (lower-case letters, digits and '-', at most 50: the run adds a suffix)");
        }

        var manifests = keys.TryGetValue("manifests", out var m) ? TextList(m.Value, $"{Field}.manifests", allowScalar: true).Select(x => RelativeToProfile(m.Value, x)).ToList() : [];
        if (manifests.Count == 0 && keys.ContainsKey("manifests"))
        {
            Missing(keyNode, $"{Field}.manifests", "manifests: [../kubernetes/reference.yaml]");
        }

        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        if (keys.TryGetValue("ports", out var p))
        {
            foreach (var (name, text) in TextMap(p.Value, $"{Field}.ports"))
            {
                if (int.TryParse(text, out var port) && port is >= 1 and <= 65535)
                {
                    ports[name] = port;
                }
                else
                {
                    Error(p.Value, $"{Field}.ports.{name}", $"'{text}' is not a container port number (1-65535)");
                }
            }
        }

        var readyWithin = TimeSpan.FromMinutes(2);
        if (keys.TryGetValue("readyWithin", out var r) && Duration(r.Value, $"{Field}.readyWithin") is { } d)
        {
            if (d <= TimeSpan.Zero)
            {
                Error(r.Value, $"{Field}.readyWithin", "must be longer than zero");
            }

            readyWithin = d;
        }

        var kubeconfig = Text(keys, "kubeconfig", Field);
        return deployment is null
            ? null
            : new KubernetesSpec
            {
                Kubeconfig = kubeconfig is null ? null : RelativeToProfile(keys["kubeconfig"].Value, kubeconfig),
                Context = Text(keys, "context", Field),
                NamespacePrefix = prefix,
                Manifests = manifests,
                Deployment = deployment,
                Container = Text(keys, "container", Field),
                Secret = Text(keys, "secret", Field) ?? "conformance-tls",
                BundleConfigMap = Text(keys, "bundleConfigMap", Field) ?? "conformance-bundle",
                Ports = ports,
                ServerName = Text(keys, "serverName", Field),
                ReadyWithin = readyWithin,
                UpstreamImage = Text(keys, "upstreamImage", Field) ?? KubernetesSpec.DefaultUpstreamImage,
            };
    }

    [GeneratedRegex(ProfileSchema.DnsLabelPattern)]
    private static partial Regex DnsLabelPattern();
}
