using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary><c>claims.trustBundle</c> (TB-01..04), kept apart from the rest of the reader.</summary>
internal sealed partial class ProfileReader
{
    // Kept while reading so the cross-section checks run even when another part of the claim is wrong.
    private (string Text, YamlNode Node)? _trustBundleVia;
    private YamlNode? _trustBundleUpstream;

    private TrustBundleClaim? ReadTrustBundleClaim(Dictionary<string, (YamlNode Key, YamlNode Value)> claims)
    {
        const string Field = "claims.trustBundle";
        if (ClaimMap(claims, "trustBundle") is not { } keys)
        {
            return null;
        }

        string? invalid = null, via = null, upstream = null;
        if (keys.TryGetValue("invalidEntry", out var ie))
        {
            invalid = Choice(ie.Value, $"{Field}.invalidEntry");
        }

        if (keys.TryGetValue("via", out var v))
        {
            via = Required(v.Value, $"{Field}.via", "the name of the endpoint that forwards to the upstream (e.g. activator)");
            _trustBundleVia = via is null ? null : (via, v.Value);
        }

        if (keys.TryGetValue("upstream", out var u))
        {
            upstream = Port(u.Value, $"{Field}.upstream");
            _trustBundleUpstream = u.Value;
        }

        var serverName = "data-plane.knative.dev";
        if (keys.TryGetValue("serverName", out var sn) && Required(sn.Value, $"{Field}.serverName", "a DNS name") is { } name)
        {
            serverName = name;
        }

        var labelValue = TrustBundleClaim.LabelTrue;
        if (keys.TryGetValue("labelValue", out var lv))
        {
            labelValue = Choice(lv.Value, $"{Field}.labelValue") ?? labelValue;
        }

        var namespaces = new List<string>();
        if (keys.TryGetValue("namespaces", out var ns))
        {
            namespaces = ReadBundleNamespaces(ns.Value, $"{Field}.namespaces");
        }

        var pickup = TimeSpan.FromSeconds(10);
        if (keys.TryGetValue("pickupWithin", out var p) && Duration(p.Value, $"{Field}.pickupWithin") is { } d)
        {
            if (d <= TimeSpan.Zero)
            {
                Error(p.Value, $"{Field}.pickupWithin", "must be longer than zero");
            }

            pickup = d;
        }

        string? warning = null;
        if (keys.TryGetValue("warning", out var w) && Required(w.Value, $"{Field}.warning", "a regular expression") is { } pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
                warning = pattern;
            }
            catch (ArgumentException e)
            {
                Error(w.Value, $"{Field}.warning", $"not a valid regular expression: {e.Message}");
            }
        }

        var assumed = Assumed(keys, "trustBundle");
        return invalid is null || via is null || (upstream is null && _trustBundleUpstream is not null)
            ? null
            : new TrustBundleClaim { InvalidEntry = invalid, Via = via, Upstream = upstream, ServerName = serverName, LabelValue = labelValue, Namespaces = namespaces, PickupWithin = pickup, Warning = warning, Assumed = assumed };
    }

    /// <summary>Namespace names as the API server accepts them, each once; at least one.</summary>
    private List<string> ReadBundleNamespaces(YamlNode node, string field)
    {
        var names = new List<string>();
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, field, "must be a list of namespace names, e.g. [knative-serving, knative-serving-ingress]");
            return names;
        }

        if (sequence.Children.Count == 0)
        {
            Error(node, field, "must name at least one namespace (leave the key out for the run's namespace)");
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (Required(item, $"{field}[{i}]", "a namespace name") is not { } name)
            {
                continue;
            }

            if (name.Length > 63 || !Regex.IsMatch(name, ProfileSchema.DnsLabelPattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                Error(item, $"{field}[{i}]", $"'{name}' is not a namespace name (lower-case letters, digits and '-', at most 63, a letter or digit at each end)");
            }
            else if (names.Contains(name, StringComparer.Ordinal))
            {
                Error(item, $"{field}[{i}]", $"'{name}' is listed twice");
            }
            else
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>The claim's endpoint exists, and a process target is told where the bundles are written.</summary>
    private void CheckTrustBundle(List<EndpointSpec> endpoints, TargetSpec? target)
    {
        if (!_nodes.TryGetValue("claims.trustBundle", out var node))
        {
            return;
        }

        if (_trustBundleVia is { } via && endpoints.All(e => e.Name != via.Text))
        {
            var names = endpoints.Select(e => e.Name).ToList();
            Error(via.Node, "claims.trustBundle.via", $"'{via.Text}' is not an endpoint of this profile{Suggest(via.Text, names)} (endpoints: {string.Join(", ", names)})");
        }

        // Where the upstream runs depends on the target: the harness's loopback (a port the profile names), or beside the
        // implementation when the driver hosts it (a pod in the run's namespace, a container on the run's network).
        var driver = target is null ? null : KindRules(target.Kind);
        var hosts = driver is not null && driver.Capabilities.HasFlag(TargetCapability.HostUpstream);
        if (hosts && _trustBundleUpstream is { } given)
        {
            Error(given, "claims.trustBundle.upstream", $"the {driver!.Name} target {driver.HostedUpstream}: remove this key and point the implementation at https://conformance-upstream:8443");
        }
        else if (driver is not null && !hosts && _trustBundleUpstream is null)
        {
            Missing(node, "claims.trustBundle.upstream", "upstream: \"{port:upstream}\"");
        }

        if (target is not null && driver!.TrustBundleProblem(target) is { } problem)
        {
            Error(node, "claims.trustBundle", problem);
        }
    }
}
