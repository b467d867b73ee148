using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary><c>claims</c>: the promises the scenarios judge, each claim map checked against the schema.</summary>
internal sealed partial class ProfileReader
{
    private Claims ReadClaims(YamlNode node)
    {
        const string Field = "claims";
        var claims = new Claims();
        if (!IsMapping(node, Field, out var map))
        {
            return claims;
        }

        var keys = Keys(map, Field);
        if (keys.TryGetValue("oldPort", out var op))
        {
            claims = op.Value is YamlMappingNode perEndpoint
                ? claims with { OldPorts = ReadOldPorts(perEndpoint) }
                : claims with { OldPort = Choice<OldPortMode>(op.Value, "claims.oldPort") };
        }

        if (ClaimMap(keys, "redirect") is { } rd)
        {
            var status = rd.TryGetValue("status", out var s) ? Int(s.Value, "claims.redirect.status") : null;
            if (status is not null and not (301 or 302 or 303 or 307 or 308))
            {
                Error(s.Value, "claims.redirect.status", $"{status} is not a redirect status (301, 302, 303, 307 or 308)");
            }

            claims = claims with
            {
                Redirect = new RedirectClaim
                {
                    Status = status ?? 301,
                    HostMirroring = rd.TryGetValue("hostMirroring", out var hm) && (Bool(hm.Value, "claims.redirect.hostMirroring") ?? false),
                    Head = !rd.TryGetValue("head", out var hd) || (Bool(hd.Value, "claims.redirect.head") ?? true),
                    Post = rd.TryGetValue("post", out var po) ? Choice(po.Value, "claims.redirect.post") ?? "redirect" : "redirect",
                    Assumed = Assumed(rd, "redirect"),
                },
            };
        }

        if (ClaimMap(keys, "tls") is { } tls)
        {
            claims = claims with
            {
                Tls = new TlsClaim
                {
                    Min = tls.TryGetValue("min", out var mn) ? Choice(mn.Value, "claims.tls.min") ?? "1.2" : "1.2",
                    Alpn = tls.TryGetValue("alpn", out var al) ? TextList(al.Value, "claims.tls.alpn", allowScalar: false) : [],
                    Assumed = Assumed(tls, "tls"),
                },
            };
        }

        if (ClaimMap(keys, "sni") is { } sni)
        {
            claims = claims with
            {
                Sni = new SniClaim
                {
                    Unknown = sni.TryGetValue("unknown", out var u) ? Choice(u.Value, "claims.sni.unknown") ?? "default" : "default",
                    Endpoint = Text(sni, "endpoint", "claims.sni"),
                    Assumed = Assumed(sni, "sni"),
                },
            };
        }

        if (ClaimMap(keys, "content") is { } content)
        {
            var path = Text(content, "path", "claims.content") ?? "/";
            if (!path.StartsWith('/'))
            {
                Error(content["path"].Value, "claims.content.path", $"'{path}' must start with '/'");
            }

            claims = claims with { Content = new ContentClaim { Path = path, Marker = Text(content, "marker", "claims.content") } };
        }

        if (ClaimMap(keys, "secret") is { } secret)
        {
            claims = claims with
            {
                Secret = new SecretClaim
                {
                    Invalid = secret.TryGetValue("invalid", out var inv) ? Choice(inv.Value, "claims.secret.invalid") ?? "refuse-start" : "refuse-start",
                    Assumed = Assumed(secret, "secret"),
                },
            };
        }

        if (ClaimMap(keys, "reload") is { } reload)
        {
            claims = claims with
            {
                Reload = new ReloadClaim
                {
                    Mode = reload.TryGetValue("mode", out var mo) ? Choice<ReloadMode>(mo.Value, "claims.reload.mode") ?? ReloadMode.Hot : ReloadMode.Hot,
                    Budget = reload.TryGetValue("budget", out var b) ? Duration(b.Value, "claims.reload.budget") : null,
                    DowntimeBudget = reload.TryGetValue("downtimeBudget", out var db) ? Duration(db.Value, "claims.reload.downtimeBudget") : null,
                    Assumed = Assumed(reload, "reload"),
                },
            };
        }

        claims = claims with { TrustBundle = ReadTrustBundleClaim(keys) };

        if (keys.TryGetValue("sameCertificate", out var sc))
        {
            claims = claims with { SameCertificate = Groups(sc.Value, "claims.sameCertificate") };
        }

        if (keys.TryGetValue("sameIssuer", out var si))
        {
            claims = claims with { SameIssuer = Groups(si.Value, "claims.sameIssuer") };
        }

        return claims;
    }

    /// <summary>One claim's mapping, with its keys checked; null when absent or not a mapping.</summary>
    private Dictionary<string, (YamlNode Key, YamlNode Value)>? ClaimMap(Dictionary<string, (YamlNode Key, YamlNode Value)> claims, string name)
    {
        if (!claims.TryGetValue(name, out var entry))
        {
            return null;
        }

        var field = $"claims.{name}";
        return IsMapping(entry.Value, field, out var map) ? Keys(map, field, entry.Key) : null;
    }

    /// <summary>
    /// <c>assumed: true</c> turns every other key the claim sets into an assumption (<c>tls.min</c>, <c>reload.mode</c>);
    /// <c>assumed: [min]</c> only the keys it lists. True when any part of the claim is assumed.
    /// </summary>
    private bool Assumed(Dictionary<string, (YamlNode Key, YamlNode Value)> keys, string claim)
    {
        if (!keys.TryGetValue("assumed", out var a))
        {
            return false;
        }

        var field = $"claims.{claim}.assumed";
        if (a.Value is YamlSequenceNode list)
        {
            var named = new List<string>();
            for (var i = 0; i < list.Children.Count; i++)
            {
                if (Choice(list.Children[i], $"{field}[{i}]") is { } key && !named.Contains(key))
                {
                    named.Add(key);
                }
            }

            _assumptions.AddRange(named.Select(k => $"{claim}.{k}"));
            return named.Count > 0;
        }

        if (Bool(a.Value, field) != true)
        {
            return false;
        }

        var others = keys.Keys.Where(k => k != "assumed").ToList();

        // "redirect: { assumed: true }" assumes the claim as a whole.
        _assumptions.AddRange(others.Count == 0 ? [claim] : others.Select(k => $"{claim}.{k}"));
        return true;
    }

    /// <summary>A group list: <c>[a, b]</c> (one group) or <c>[[a, b], [c, d]]</c>.</summary>
    private List<IReadOnlyList<string>> Groups(YamlNode node, string field)
    {
        var groups = new List<IReadOnlyList<string>>();
        if (node is not YamlSequenceNode seq)
        {
            Error(node, field, $"expected a list of endpoint names (or a list of such lists), found {Describe(node)}");
            return groups;
        }

        if (seq.Children.All(c => c is YamlSequenceNode))
        {
            for (var i = 0; i < seq.Children.Count; i++)
            {
                groups.Add(TextList(seq.Children[i], $"{field}[{i}]", allowScalar: false));
            }
        }
        else
        {
            groups.Add(TextList(seq, field, allowScalar: false));
        }

        for (var i = 0; i < groups.Count; i++)
        {
            var at = groups.Count == 1 && seq.Children.FirstOrDefault() is not YamlSequenceNode ? seq : seq.Children[i];
            if (groups[i].Count < 2)
            {
                Error(at, field, "a group names at least two endpoints");
            }
        }

        return groups;
    }

    /// <summary><c>claims.oldPort</c> as a map: each old HTTP port's endpoint name and what became of it.</summary>
    private Dictionary<string, OldPortMode> ReadOldPorts(YamlMappingNode map)
    {
        var ports = new Dictionary<string, OldPortMode>(StringComparer.Ordinal);
        if (map.Children.Count == 0)
        {
            Error(map, "claims.oldPort", "names no endpoint: give at least one ENDPOINT: closed|redirect, or one word for the whole profile");
        }

        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (Choice<OldPortMode>(value, $"claims.oldPort.{name}") is { } mode)
            {
                ports[name] = mode;
            }
        }

        return ports;
    }
}
