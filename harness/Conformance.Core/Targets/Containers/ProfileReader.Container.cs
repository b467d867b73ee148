using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary>
/// The <c>target.container</c> section (container target): ports, paths inside the container, entrypoint, reload.
/// Lives in the container driver's folder beside the spec it reads; a part of <see cref="ProfileReader"/> so it shares
/// the walker's key, type and error helpers (and its line numbers).
/// </summary>
internal sealed partial class ProfileReader
{
    private ContainerSpec? ReadContainerSection(Dictionary<string, (YamlNode Key, YamlNode Value)> targetKeys, TargetKind kind)
    {
        const string Field = "target.container";
        if (!targetKeys.TryGetValue("container", out var section))
        {
            if (kind == TargetKind.Container)
            {
                Missing(targetKeys["kind"].Key, "target.container.ports", "container: { ports: [https, http] }");
            }

            return null;
        }

        if (kind != TargetKind.Container)
        {
            Error(section.Key, Field, $"only a container target has a container section (this target's kind is {kind.ToString().ToLowerInvariant()})");
            return null;
        }

        if (!IsMapping(section.Value, Field, out var map))
        {
            return null;
        }

        var keys = Keys(map, Field, section.Key);
        var ports = keys.TryGetValue("ports", out var p) ? ContainerPorts(p.Value) : [];

        var entrypoint = keys.TryGetValue("entrypoint", out var e) ? TextList(e.Value, $"{Field}.entrypoint", allowScalar: true) : null;
        string? run = null, tls = null, bundle = null, trustBundles = null;
        if (keys.TryGetValue("paths", out var pa) && IsMapping(pa.Value, $"{Field}.paths", out var pathMap))
        {
            var pathKeys = Keys(pathMap, $"{Field}.paths");
            string? Absolute(string key)
            {
                if (!pathKeys.TryGetValue(key, out var node))
                {
                    return null;
                }

                var text = Text(node.Value, $"{Field}.paths.{key}");
                if (text is not null && (!text.StartsWith('/') || text.Length < 2))
                {
                    Error(node.Value, $"{Field}.paths.{key}", $"'{text}' is not an absolute folder inside the container (e.g. /etc/tls)");
                    return null;
                }

                return text?.TrimEnd('/');
            }

            run = Absolute("run");
            tls = Absolute("tls");
            bundle = Absolute("bundle");
            trustBundles = Absolute("trustBundles");
        }

        return new ContainerSpec
        {
            Entrypoint = entrypoint is { Count: > 0 } ? entrypoint : null,
            Ports = ports,
            RunDirectory = run ?? ContainerSpec.DefaultRunDirectory,
            TlsDirectory = tls,
            BundleDirectory = bundle,
            TrustBundleDirectory = trustBundles,
            UpstreamImage = keys.TryGetValue("upstreamImage", out var ui) ? Required(ui.Value, $"{Field}.upstreamImage", "an image name and tag, e.g. conformance/reference:dev") : null,
        };
    }

    // [https, http] publishes {port:NAME} at the same number inside; { https: 8443 } maps {port:https} to 8443 inside.
    private List<ContainerPortSpec> ContainerPorts(YamlNode node)
    {
        const string Field = "target.container.ports";
        var list = new List<ContainerPortSpec>();
        if (node is YamlSequenceNode)
        {
            foreach (var name in TextList(node, Field, allowScalar: false))
            {
                if (IsPlainName(name))
                {
                    list.Add(new ContainerPortSpec(name, null));
                }
                else
                {
                    Error(node, Field, $"'{name}' is not a port name (letters, digits, '.', '_', '-'; endpoints use it as {{port:NAME}})");
                }
            }
        }
        else if (node is YamlMappingNode map)
        {
            foreach (var (k, v) in map.Children)
            {
                if (k is not YamlScalarNode { Value: { } name } || !IsPlainName(name))
                {
                    Error(k, Field, $"expected a port name, found {Describe(k)}");
                    continue;
                }

                var text = Text(v, $"{Field}.{name}");
                if (text is not null && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
                {
                    list.Add(new ContainerPortSpec(name, port));
                }
                else
                {
                    Error(v, $"{Field}.{name}", $"'{text}' is not a port number (1-65535) the container listens on");
                }
            }
        }
        else
        {
            Error(node, Field, $"expected a list of port names or a map name: container port, found {Describe(node)}");
        }

        if (list.GroupBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            Error(node, Field, $"port '{twice.Key}' is listed twice");
        }

        return list;
    }
}
