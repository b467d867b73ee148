using Conformance.Pki;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary><c>mutant</c>, and the contradictions between sections that no single key shows.</summary>
internal sealed partial class ProfileReader
{
    private MutantSpec? ReadMutant(YamlNode keyNode, YamlNode node)
    {
        const string Field = "mutant";
        if (!IsMapping(node, Field, out var map))
        {
            return null;
        }

        var keys = Keys(map, Field, keyNode);
        var name = Text(keys, "name", Field);

        IReadOnlyList<string> breaks = [];
        if (keys.TryGetValue("breaks", out var b))
        {
            breaks = TextList(b.Value, "mutant.breaks", allowScalar: false);
            for (var i = 0; i < breaks.Count; i++)
            {
                if (!ScenarioIdPattern().IsMatch(breaks[i]))
                {
                    Error(((YamlSequenceNode)b.Value).Children[i], $"mutant.breaks[{i}]", $"'{breaks[i]}' is not a scenario ID (like RD-01)");
                }
            }

            if (breaks.Count == 0)
            {
                Error(b.Value, "mutant.breaks", "a mutant breaks at least one scenario");
            }
        }

        IReadOnlyList<string> undecided = [];
        if (keys.TryGetValue("undecided", out var u))
        {
            undecided = TextList(u.Value, "mutant.undecided", allowScalar: false);
            for (var i = 0; i < undecided.Count; i++)
            {
                if (!ScenarioIdPattern().IsMatch(undecided[i]))
                {
                    Error(((YamlSequenceNode)u.Value).Children[i], $"mutant.undecided[{i}]", $"'{undecided[i]}' is not a scenario ID (like RT-05)");
                }
            }
        }

        return name is null ? null : new MutantSpec(name, breaks, Text(keys, "description", Field)) { Undecided = undecided };
    }

    /// <summary>Contradictions between sections, each reported at the node that makes the claim.</summary>
    private void CheckConsistency(List<EndpointSpec> endpoints, PkiSpec pki, Claims claims)
    {
        var tls = endpoints.Where(e => e.IsTls).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var hasRedirectEndpoint = endpoints.Any(e => e.Plaintext == PlaintextMode.Redirect);

        void MustBeTls(string? name, string field, YamlNode? at)
        {
            if (name is null || at is null || tls.Contains(name))
            {
                return;
            }

            var known = endpoints.Any(e => e.Name == name);
            Error(at, field, known
                ? $"'{name}' is not a TLS endpoint (its plaintext mode is not 'refused')"
                : $"'{name}' is not an endpoint of this profile{Suggest(name, tls)} (TLS endpoints: {string.Join(", ", tls)})");
        }

        // Duplicate ports: the same literal, or the same placeholder, names one socket twice.
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in endpoints)
        {
            if (seen.TryGetValue(e.Port, out var first))
            {
                Error(_nodes[$"endpoints.{e.Name}.port"], $"endpoints.{e.Name}.port", $"port {e.Port} is already used by endpoint '{first}'");
            }
            else
            {
                seen[e.Port] = e.Name;
            }

            if (e.IsTls && e.Trust.Count == 0)
            {
                Error(_nodes[$"endpoints.{e.Name}.trust"], $"endpoints.{e.Name}.trust", "a TLS endpoint needs at least one trust anchor ({pki:ca}, a file, a folder or self)");
            }

            if (e.Certificate is not null && !pki.Certificates.ContainsKey(e.Certificate) && _nodes.TryGetValue($"endpoints.{e.Name}.certificate", out var certNode))
            {
                Error(certNode, $"endpoints.{e.Name}.certificate", pki.Certificates.Count == 0
                    ? $"'{e.Certificate}' is not a certificate of this profile: pki.certificates declares none"
                    : $"'{e.Certificate}' is not a certificate of this profile{Suggest(e.Certificate, pki.Certificates.Keys)} (pki.certificates: {string.Join(", ", pki.Certificates.Keys)})");
            }
            else if (e.Certificate is not null && !e.IsTls && _nodes.TryGetValue($"endpoints.{e.Name}.certificate", out var plainNode))
            {
                Error(plainNode, $"endpoints.{e.Name}.certificate", $"endpoint '{e.Name}' serves no TLS (plaintext: {e.Plaintext.ToString().ToLowerInvariant()}), so it serves no certificate");
            }

            if (e.RedirectsTo is not null)
            {
                MustBeTls(e.RedirectsTo, $"endpoints.{e.Name}.redirectsTo", _nodes[$"endpoints.{e.Name}.redirectsTo"]);
            }
        }

        if (claims.OldPort is { } oldPort && _nodes.TryGetValue("claims.oldPort", out var opNode))
        {
            switch (oldPort)
            {
                case OldPortMode.Redirect when !hasRedirectEndpoint:
                    Error(opNode, "claims.oldPort", "oldPort: redirect needs an endpoint with plaintext: redirect");
                    break;
                case OldPortMode.Redirect when claims.Redirect is null:
                    Error(opNode, "claims.oldPort", "oldPort: redirect needs claims.redirect (at least { status: 301 })");
                    break;
                case OldPortMode.Closed when !endpoints.Any(e => e.Plaintext == PlaintextMode.Closed):
                    Error(opNode, "claims.oldPort", "oldPort: closed needs an endpoint with plaintext: closed (the former HTTP port)");
                    break;
                case OldPortMode.Same when hasRedirectEndpoint:
                    Error(opNode, "claims.oldPort", "oldPort: same says no HTTP listener remains, but an endpoint has plaintext: redirect");
                    break;
                default:
                    break;
            }
        }

        if (claims.OldPorts.Count > 0 && _nodes.TryGetValue("claims.oldPort", out var perNode) && perNode is YamlMappingNode perMap)
        {
            CheckOldPorts(perMap, endpoints, claims);
        }

        if (claims.Redirect is not null && !hasRedirectEndpoint && _nodes.TryGetValue("claims.redirect", out var rdNode))
        {
            Error(rdNode, "claims.redirect", "claims.redirect needs an endpoint with plaintext: redirect");
        }

        if (claims.Sni is not null)
        {
            // Without pki.sni groups the claim still stands for a one-certificate server: SAN-04 then judges only
            // what an unknown server name gets.
            MustBeTls(claims.Sni.Endpoint, "claims.sni.endpoint", _nodes.GetValueOrDefault("claims.sni.endpoint"));
        }

        var unserved = pki.Certificates.Keys.Where(c => !endpoints.Any(e => e.Certificate == c)).ToList();
        foreach (var c in unserved.Where(c => _nodes.ContainsKey($"pki.certificates.{c}")))
        {
            Error(_nodes[$"pki.certificates.{c}"], $"pki.certificates.{c}", $"no endpoint serves the certificate '{c}' (set endpoints.<name>.certificate: {c}); its names would never be judged");
        }

        if (_nodes.TryGetValue("claims.sameCertificate", out var sameNode))
        {
            foreach (var group in claims.SameCertificate)
            {
                var served = group.Select(n => endpoints.FirstOrDefault(e => e.Name == n)).Where(e => e is not null).Select(e => e!.Certificate ?? "(default leaf)").Distinct(StringComparer.Ordinal).ToList();
                if (served.Count > 1)
                {
                    Error(sameNode, "claims.sameCertificate", $"endpoints {string.Join(", ", group)} are declared to serve different certificates ({string.Join(", ", served)}), so they cannot share one");
                }
            }
        }

        foreach (var (field, groups) in new[] { ("claims.sameCertificate", claims.SameCertificate), ("claims.sameIssuer", claims.SameIssuer) })
        {
            if (!_nodes.TryGetValue(field, out var node) || node is not YamlSequenceNode seq)
            {
                continue;
            }

            var nested = seq.Children.Count > 0 && seq.Children.All(c => c is YamlSequenceNode);
            for (var g = 0; g < groups.Count; g++)
            {
                var items = nested ? (YamlSequenceNode)seq.Children[g] : seq;
                for (var i = 0; i < groups[g].Count && i < items.Children.Count; i++)
                {
                    MustBeTls(groups[g][i], nested ? $"{field}[{g}][{i}]" : $"{field}[{i}]", items.Children[i]);
                }
            }
        }
    }

    /// <summary>
    /// <c>oldPort: { ENDPOINT: closed|redirect }</c>: each name is an old HTTP port of this profile whose plaintext
    /// mode says the same, and every old HTTP port is named (one left out would go unjudged).
    /// </summary>
    private void CheckOldPorts(YamlMappingNode map, List<EndpointSpec> endpoints, Claims claims)
    {
        var oldPorts = endpoints.Where(e => e.Plaintext is PlaintextMode.Closed or PlaintextMode.Redirect).ToList();
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            var field = $"claims.oldPort.{name}";
            if (!claims.OldPorts.TryGetValue(name, out var mode))
            {
                continue;
            }

            var endpoint = endpoints.FirstOrDefault(e => e.Name == name);
            if (endpoint is null)
            {
                Error(key, field, $"'{name}' is not an endpoint of this profile{Suggest(name, oldPorts.Select(e => e.Name))} (old HTTP ports: {(oldPorts.Count == 0 ? "none" : string.Join(", ", oldPorts.Select(e => e.Name)))})");
                continue;
            }

            var declared = endpoint.Plaintext.ToString().ToLowerInvariant();
            if (endpoint.Plaintext is not (PlaintextMode.Closed or PlaintextMode.Redirect))
            {
                Error(key, field, $"endpoint '{name}' is not an old HTTP port (plaintext: {declared}); name endpoints with plaintext: closed or redirect");
            }
            else if ((mode == OldPortMode.Closed) != (endpoint.Plaintext == PlaintextMode.Closed))
            {
                Error(value, field, $"endpoint '{name}' is declared plaintext: {declared}, so its old port cannot be claimed {mode.ToString().ToLowerInvariant()}");
            }
            else if (mode == OldPortMode.Redirect && claims.Redirect is null)
            {
                Error(value, field, "a redirecting old port needs claims.redirect (at least { status: 301 })");
            }
        }

        foreach (var missing in oldPorts.Where(e => !claims.OldPorts.ContainsKey(e.Name)))
        {
            Error(map, "claims.oldPort", $"endpoint '{missing.Name}' is an old HTTP port (plaintext: {missing.Plaintext.ToString().ToLowerInvariant()}) that claims.oldPort does not name: add {missing.Name}: {missing.Plaintext.ToString().ToLowerInvariant()}");
        }
    }
}
