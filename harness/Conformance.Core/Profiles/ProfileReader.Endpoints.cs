using System.Net;
using Conformance.Pki;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary><c>endpoints</c> and <c>pki</c>: the ports judged and the certificates issued.</summary>
internal sealed partial class ProfileReader
{
    private List<EndpointSpec> ReadEndpoints(YamlNode keyNode, YamlNode node)
    {
        const string Field = "endpoints";
        var list = new List<EndpointSpec>();
        if (!IsMapping(node, Field, out var map))
        {
            return list;
        }

        if (map.Children.Count == 0)
        {
            Error(keyNode, Field, "at least one endpoint is required");
            return list;
        }

        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } name } || !IsPlainName(name))
            {
                Error(k, Field, $"endpoint names are plain words (letters, digits, '.', '_', '-'), found {Describe(k)}");
                continue;
            }

            var field = $"{Field}.{name}";
            _nodes[field] = v;
            if (ReadEndpoint(name, field, k, v) is { } e)
            {
                list.Add(e);
            }
        }

        return list;
    }

    private EndpointSpec? ReadEndpoint(string name, string field, YamlNode keyNode, YamlNode node)
    {
        if (!IsMapping(node, field, out var map))
        {
            return null;
        }

        var keys = Keys(map, field, keyNode);
        string? port = null;
        if (keys.TryGetValue("port", out var p))
        {
            port = Port(p.Value, $"{field}.port");
        }

        IReadOnlyList<string> trust = ["{pki:ca}"];
        if (keys.TryGetValue("trust", out var t))
        {
            trust = [.. TextList(t.Value, $"{field}.trust", allowScalar: true).Select(x => x == "self" ? x : RelativeToProfile(t.Value, x))];
        }

        var plaintext = keys.TryGetValue("plaintext", out var pt) ? Choice<PlaintextMode>(pt.Value, $"{field}.plaintext") : null;
        var clientAuth = keys.TryGetValue("clientAuth", out var ca) ? Choice<ClientAuth>(ca.Value, $"{field}.clientAuth") : null;
        var rejectAs = keys.TryGetValue("rejectAs", out var ra) ? TextList(ra.Value, $"{field}.rejectAs", allowScalar: false) : [];
        for (var i = 0; i < rejectAs.Count; i++)
        {
            var classes = _walk.Enum($"{field}.rejectAs[{i}]").Texts;
            if (!classes.Contains(rejectAs[i], StringComparer.Ordinal))
            {
                Error(((YamlSequenceNode)ra.Value).Children[i], $"{field}.rejectAs[{i}]", NotOneOf(rejectAs[i], classes));
            }
        }

        var protocol = keys.TryGetValue("protocol", out var pr) ? Choice<EndpointProtocol>(pr.Value, $"{field}.protocol") : null;
        var client = keys.TryGetValue("client", out var cl) ? ReadClientIdentity(cl.Key, cl.Value, $"{field}.client", clientAuth, plaintext) : null;
        var externalUrl = Text(keys, "externalUrl", field);
        if (externalUrl is not null && !externalUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            Error(keys["externalUrl"].Value, $"{field}.externalUrl", $"'{externalUrl}' is not an https:// URL");
        }

        return port is null
            ? null
            : new EndpointSpec
            {
                Name = name,
                Port = port,
                ServerName = Text(keys, "serverName", field),
                ExternalUrl = externalUrl,
                Trust = trust,
                ClientAuth = clientAuth ?? ClientAuth.None,
                Certificate = Text(keys, "certificate", field),
                Client = client,
                RejectAs = rejectAs,
                Plaintext = plaintext ?? PlaintextMode.Refused,
                RedirectsTo = Text(keys, "redirectsTo", field),
                Protocol = protocol ?? EndpointProtocol.Http,
            };
    }

    private PkiSpec ReadPki(YamlNode node)
    {
        const string Field = "pki";
        var pki = new PkiSpec();
        if (!IsMapping(node, Field, out var map))
        {
            return pki;
        }

        var keys = Keys(map, Field);
        if (keys.TryGetValue("serverNames", out var sn))
        {
            pki = pki with { ServerNames = TextList(sn.Value, "pki.serverNames", allowScalar: false) };
        }

        if (keys.TryGetValue("ipAddresses", out var ip))
        {
            var ips = TextList(ip.Value, "pki.ipAddresses", allowScalar: false);
            for (var i = 0; i < ips.Count; i++)
            {
                if (!IPAddress.TryParse(ips[i], out _))
                {
                    Error(((YamlSequenceNode)ip.Value).Children[i], $"pki.ipAddresses[{i}]", $"'{ips[i]}' is not an IP address (DNS names go in serverNames)");
                }
            }

            pki = pki with { IpAddresses = ips };
        }

        pki = pki with
        {
            SelfSignedLeaf = keys.TryGetValue("selfSignedLeaf", out var ss) && (Bool(ss.Value, "pki.selfSignedLeaf") ?? false),
            Intermediate = keys.TryGetValue("intermediate", out var im) && (Bool(im.Value, "pki.intermediate") ?? false),
            Key = keys.TryGetValue("key", out var k) ? Choice<KeySpec>(k.Value, "pki.key") ?? pki.Key : pki.Key,
            Eku = keys.TryGetValue("eku", out var e) ? Choice<EkuSpec>(e.Value, "pki.eku") ?? pki.Eku : pki.Eku,
        };

        if (keys.TryGetValue("sni", out var sni) && IsMapping(sni.Value, "pki.sni", out var groups))
        {
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (gk, gv) in groups.Children)
            {
                if (gk is not YamlScalarNode { Value: { } group } || !IsPlainName(group))
                {
                    Error(gk, "pki.sni", $"SNI group names are plain words (they become {{pki:cert:NAME}}), found {Describe(gk)}");
                    continue;
                }

                _nodes[$"pki.sni.{group}"] = gv;
                var names = TextList(gv, $"pki.sni.{group}", allowScalar: false);
                if (names.Count == 0)
                {
                    Error(gv, $"pki.sni.{group}", "an SNI group needs at least one DNS name");
                }

                result[group] = names;
            }

            pki = pki with { Sni = result };
        }

        if (keys.TryGetValue("certificates", out var certs) && IsMapping(certs.Value, "pki.certificates", out var certMap))
        {
            pki = pki with { Certificates = ReadCertificates(certMap, pki) };
        }

        if (pki.SelfSignedLeaf && pki.Intermediate)
        {
            Error(_nodes["pki.intermediate"], "pki.intermediate", "a self-signed leaf has no issuer, so it cannot come from an intermediate");
        }

        if (pki.SelfSignedLeaf && pki.Sni.Count > 0)
        {
            Error(_nodes["pki.sni"], "pki.sni", "SNI certificates are issued by the run's CA, which a self-signed leaf (pki.selfSignedLeaf) does not have");
        }

        if (pki.SelfSignedLeaf && pki.Certificates.Count > 0)
        {
            Error(_nodes["pki.certificates"], "pki.certificates", "named certificates are issued by the run's CA, which a self-signed leaf (pki.selfSignedLeaf) does not have");
        }

        foreach (var both in pki.Certificates.Keys.Where(pki.Sni.ContainsKey))
        {
            Error(_nodes[$"pki.certificates.{both}"], $"pki.certificates.{both}", $"'{both}' is also an SNI group (pki.sni): both would be {{pki:cert:{both}}}; rename one");
        }

        return pki;
    }

    /// <summary><c>pki.certificates</c>: one more server certificate per entry; eku defaults to pki.eku, ipAddresses to none.</summary>
    private Dictionary<string, CertificateSpec> ReadCertificates(YamlMappingNode map, PkiSpec pki)
    {
        var result = new Dictionary<string, CertificateSpec>(StringComparer.Ordinal);
        foreach (var (ck, cv) in map.Children)
        {
            if (ck is not YamlScalarNode { Value: { } name } || !IsPlainName(name))
            {
                Error(ck, "pki.certificates", $"certificate names are plain words (they become {{pki:cert:NAME}}), found {Describe(ck)}");
                continue;
            }

            var field = $"pki.certificates.{name}";
            _nodes[field] = cv;
            if (!IsMapping(cv, field, out var certificate))
            {
                continue;
            }

            var keys = Keys(certificate, field, ck);
            var names = keys.TryGetValue("serverNames", out var sn) ? TextList(sn.Value, $"{field}.serverNames", allowScalar: false) : [];
            if (keys.ContainsKey("serverNames") && names.Count == 0)
            {
                Error(sn.Value, $"{field}.serverNames", "a certificate needs at least one DNS name");
            }

            IReadOnlyList<string> ips = [];
            if (keys.TryGetValue("ipAddresses", out var ip))
            {
                var list = TextList(ip.Value, $"{field}.ipAddresses", allowScalar: false);
                for (var i = 0; i < list.Count; i++)
                {
                    if (!IPAddress.TryParse(list[i], out _))
                    {
                        Error(((YamlSequenceNode)ip.Value).Children[i], $"{field}.ipAddresses[{i}]", $"'{list[i]}' is not an IP address (DNS names go in serverNames)");
                    }
                }

                ips = list;
            }

            var eku = keys.TryGetValue("eku", out var e) ? Choice<EkuSpec>(e.Value, $"{field}.eku") ?? pki.Eku : pki.Eku;
            result[name] = new CertificateSpec(names, ips, eku);
        }

        return result;
    }
}
