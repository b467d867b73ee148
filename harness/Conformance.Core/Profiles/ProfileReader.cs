using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Conformance.Inputs;
using Conformance.Pki;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary>
/// Walks a profile's YAML node tree by hand so that every problem keeps its line and column, and keeps going after
/// each one: a user fixing a profile wants the whole list at once. One instance reads one file.
/// </summary>
internal sealed partial class ProfileReader
{
    private static readonly string[] RootKeys = ["extends", "apiVersion", "name", "description", "target", "endpoints", "pki", "claims", "mutant", "logs"];
    private static readonly string[] TargetKeys = ["kind", "command", "args", "env", "files", "host", "image", "container", "ready", "reload", "stopTimeout", "kubernetes"];
    private static readonly string[] ReloadSpecKeys = ["signal", "command", "within"];
    private static readonly string[] ReadyKeys = ["tcp", "within"];
    private static readonly string[] EndpointKeys = ["port", "serverName", "externalUrl", "trust", "clientAuth", "rejectAs", "plaintext", "redirectsTo", "protocol", "client"];
    private static readonly string[] PkiKeys = ["serverNames", "ipAddresses", "selfSignedLeaf", "intermediate", "key", "eku", "sni"];
    private static readonly string[] ClaimKeys = ["oldPort", "redirect", "tls", "sni", "content", "sameCertificate", "sameIssuer", "secret", "reload", "trustBundle"];
    private static readonly string[] RedirectKeys = ["status", "hostMirroring", "head", "post", "assumed"];
    private static readonly string[] TlsKeys = ["min", "alpn", "assumed"];
    private static readonly string[] SniKeys = ["unknown", "endpoint", "assumed"];
    private static readonly string[] ContentKeys = ["path", "marker"];
    private static readonly string[] SecretKeys = ["invalid", "assumed"];
    private static readonly string[] ReloadKeys = ["mode", "budget", "downtimeBudget", "assumed"];
    private static readonly string[] MutantKeys = ["name", "breaks", "undecided", "description"];


    private static readonly (string Text, ClientAuth Value)[] ClientAuths =
        [("none", ClientAuth.None), ("optional", ClientAuth.Optional), ("required", ClientAuth.Required)];

    private static readonly (string Text, PlaintextMode Value)[] PlaintextModes =
        [("refused", PlaintextMode.Refused), ("redirect", PlaintextMode.Redirect), ("closed", PlaintextMode.Closed), ("by-design", PlaintextMode.ByDesign)];

    private static readonly (string Text, OldPortMode Value)[] OldPortModes =
        [("same", OldPortMode.Same), ("closed", OldPortMode.Closed), ("redirect", OldPortMode.Redirect)];

    private static readonly (string Text, KeySpec Value)[] KeySpecs =
        [("rsa-2048", KeySpec.Rsa2048), ("rsa-4096", KeySpec.Rsa4096), ("ecdsa-p256", KeySpec.EcdsaP256), ("ecdsa-p384", KeySpec.EcdsaP384)];

    private static readonly (string Text, EkuSpec Value)[] EkuSpecs =
        [("server", EkuSpec.ServerAuth), ("client", EkuSpec.ClientAuth), ("server-client", EkuSpec.ServerAndClientAuth), ("none", EkuSpec.None)];

    private static readonly (string Text, ReloadMode Value)[] ReloadModes =
        [("hot", ReloadMode.Hot), ("restart", ReloadMode.Restart), ("none", ReloadMode.None)];

    private static readonly (string Text, string Value)[] TlsVersions = [("1.2", "1.2"), ("1.3", "1.3")];
    private static readonly (string Text, string Value)[] PostModes = [("redirect", "redirect"), ("any", "any")];
    private static readonly (string Text, string Value)[] UnknownSniModes = [("default", "default"), ("refuse", "refuse")];
    private static readonly (string Text, string Value)[] SecretModes = [("refuse-start", "refuse-start")];

    // The outcome classes, plus the shorter names docs/profile.md also accepts.
    private static readonly (string Text, EndpointProtocol Value)[] Protocols =
        [("http", EndpointProtocol.Http), ("grpc", EndpointProtocol.Grpc)];

    private static readonly (string Text, string Value)[] RejectClasses =
        [.. new[]
        {
            "refused-in-handshake", "refused-after-handshake", "refused-by-application", "closed-cleanly", "reset",
            "non-tls-answer", "timed-out", "handshake-alert", "after-handshake", "http-400", "http-4xx",
        }.Select(s => (s, s))];

    private readonly NodeOrigins _origins;
    private readonly List<ProfileError> _errors = [];
    private readonly Dictionary<string, YamlNode> _nodes = new(StringComparer.Ordinal);
    private readonly List<string> _assumptions = [];

    // The kinds target.kind accepts, in registry order: handed in by the composition layer (Drivers.ProfileLoader).
    private readonly IReadOnlyList<ITargetKindRules> _kinds;

    private ProfileReader(NodeOrigins origins, IReadOnlyList<ITargetKindRules> kinds) => (_origins, _kinds) = (origins, kinds);

    private (string Text, TargetKind Value)[] TargetKinds => [.. _kinds.Select(d => (d.Name, d.Kind))];

    private ITargetKindRules KindRules(TargetKind kind) => _kinds.First(d => d.Kind == kind);

    /// <summary>Reads <paramref name="yaml"/> with <paramref name="kinds"/> as the target kinds; the profile is null whenever there is at least one error.</summary>
    public static (Profile? Profile, IReadOnlyList<ProfileError> Errors) Read(string yaml, string sourcePath, IReadOnlyList<ITargetKindRules> kinds, CancellationToken cancellationToken = default)
    {
        var full = string.IsNullOrEmpty(sourcePath) ? null : Path.GetFullPath(sourcePath);
        var top = new ProfileSourceFile(sourcePath, full, full is null ? null : Path.GetDirectoryName(full));
        var reader = new ProfileReader(new NodeOrigins(top), kinds);
        if (ProfileOverlay.Parse(yaml, sourcePath, reader._errors) is not { } parsed)
        {
            return (null, reader._errors);
        }

        // A second document is an error, but the first is still read so every problem is listed at once.
        var root = ProfileOverlay.Compose(parsed, reader._origins, reader._errors, cancellationToken);
        if (root is null)
        {
            return (null, reader._errors);
        }

        var profile = reader.ReadRoot(root, full);
        if (reader._errors.Count > 0 || profile is null)
        {
            return (null, reader._errors);
        }

        var composition = reader._origins.Bases.Count > 0 && root is YamlMappingNode merged ? new ProfileComposition(merged, reader._origins) : null;
        return (profile with { SourceText = yaml, Composition = composition }, reader._errors);
    }

    internal static string SyntaxMessage(YamlException e)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: …): "; the location is reported separately.
        var text = MarkPrefix().Replace(e.Message, string.Empty);
        return $"YAML syntax error: {(text.Length > 0 ? text : e.GetType().Name)}";
    }

    private Profile? ReadRoot(YamlNode node, string? fullPath)
    {
        if (node is not YamlMappingNode root)
        {
            Error(node, "(document)", $"a profile is a mapping (apiVersion, name, target, endpoints, …), found {Describe(node)}");
            return null;
        }

        var keys = Keys(root, string.Empty, RootKeys);
        var apiVersion = Text(keys, "apiVersion");
        if (apiVersion is null)
        {
            Missing(root, "apiVersion", "apiVersion: conformance/v1");
        }
        else if (apiVersion != "conformance/v1")
        {
            Error(keys["apiVersion"].Value, "apiVersion", $"unsupported apiVersion '{apiVersion}' (this harness reads conformance/v1)");
        }

        var name = Text(keys, "name");
        if (name is null)
        {
            Missing(root, "name", "name: my-server");
        }
        else if (!NamePattern().IsMatch(name))
        {
            Error(keys["name"].Value, "name", $"'{name}' is not a valid profile name (letters, digits, '.', '_' and '-')");
        }

        var description = Text(keys, "description");
        TargetSpec? target = null;
        if (keys.TryGetValue("target", out var t))
        {
            target = ReadTarget(t.Key, t.Value);
        }
        else
        {
            Missing(root, "target", "target: { kind: process, command: ... }");
        }

        var endpoints = new List<EndpointSpec>();
        if (keys.TryGetValue("endpoints", out var eps))
        {
            endpoints = ReadEndpoints(eps.Key, eps.Value);
        }
        else
        {
            Missing(root, "endpoints", "endpoints: { https: { port: \"{port:https}\" } }");
        }

        var pki = keys.TryGetValue("pki", out var p) ? ReadPki(p.Value) : new PkiSpec();
        var claims = keys.TryGetValue("claims", out var c) ? ReadClaims(c.Value) : new Claims();
        var mutant = keys.TryGetValue("mutant", out var m) ? ReadMutant(m.Key, m.Value) : null;
        var logs = keys.TryGetValue("logs", out var lg) ? ProfileLogsReader.Read(lg.Value, _origins, _errors) : null;

        if (target is not null)
        {
            CheckTarget(target, keys.TryGetValue("target", out var tk) ? tk.Key : root);
        }

        CheckConsistency(endpoints, pki, claims);
        CheckTrustBundle(endpoints, target);

        if (name is null || target is null)
        {
            return null;
        }

        return new Profile
        {
            ApiVersion = apiVersion ?? "conformance/v1",
            Name = name,
            Description = description,
            SourcePath = fullPath,
            Target = target,
            Endpoints = endpoints,
            Pki = pki,
            Claims = claims with { Assumptions = _assumptions },
            Mutant = mutant,
            Logs = logs,
        };
    }

    private TargetSpec? ReadTarget(YamlNode keyNode, YamlNode node)
    {
        const string Field = "target";
        if (!IsMapping(node, Field, out var map))
        {
            return null;
        }

        var keys = Keys(map, Field, TargetKeys);
        TargetKind? kind = null;
        if (keys.TryGetValue("kind", out var k))
        {
            kind = Choice(k.Value, "target.kind", TargetKinds);
        }
        else
        {
            Missing(keyNode, "target.kind", $"kind: {string.Join(" | ", TargetKinds.Select(t => t.Text))}");
        }

        var command = Text(keys, "command", Field);
        var args = keys.TryGetValue("args", out var a) ? TextList(a.Value, "target.args", allowScalar: false) : [];
        var env = keys.TryGetValue("env", out var e) ? TextMap(e.Value, "target.env", EnvNamePattern(), "an environment variable name") : [];
        var files = keys.TryGetValue("files", out var f) ? TextMap(f.Value, "target.files", PlainNamePattern(), "a file name (letters, digits, '.', '_', '-')") : [];
        foreach (var name in files.Keys.ToList())
        {
            files[name] = RelativeToProfile(((YamlMappingNode)f.Value).Children[new YamlScalarNode(name)], files[name]);
        }

        var host = Text(keys, "host", Field) ?? "127.0.0.1";
        ReadySpec? ready = null;
        if (keys.TryGetValue("ready", out var r))
        {
            ready = ReadReady(r.Key, r.Value);
        }

        ReloadSpec? reload = null;
        if (keys.TryGetValue("reload", out var rl))
        {
            reload = ReadReloadSpec(rl.Key, rl.Value, kind);
        }

        var stopTimeout = keys.TryGetValue("stopTimeout", out var s) ? Duration(s.Value, "target.stopTimeout") : null;
        if (kind is null)
        {
            return null;
        }

        return new TargetSpec
        {
            Kind = kind.Value,
            Command = command,
            Args = args,
            Environment = env,
            Files = files,
            Host = host,
            Image = Text(keys, "image", Field),
            Container = ReadContainerSection(keys, kind.Value),
            Kubernetes = keys.TryGetValue("kubernetes", out var kube) ? ReadKubernetes(kube.Key, kube.Value, kind) : null,
            Ready = ready,
            Reload = reload,
            StopTimeout = stopTimeout ?? TimeSpan.FromSeconds(5),
        };
    }

    private ReloadSpec? ReadReloadSpec(YamlNode keyNode, YamlNode node, TargetKind? kind)
    {
        const string Field = "target.reload";
        if (!IsMapping(node, Field, out var map))
        {
            return null;
        }

        var keys = Keys(map, Field, ReloadSpecKeys);
        string? signal = null;
        List<string>? command = null;
        var hasSignal = keys.TryGetValue("signal", out var s);
        var hasCommand = keys.TryGetValue("command", out var c);
        if (hasSignal && Required(s.Value, "target.reload.signal", "a signal name such as HUP") is { } text)
        {
            var name = text.StartsWith("SIG", StringComparison.Ordinal) ? text[3..] : text;
            if (ReloadSpec.Signals.ContainsKey(name))
            {
                signal = name;
            }
            else
            {
                Error(s.Value, "target.reload.signal", NotOneOf(text, ReloadSpec.Signals.Keys));
            }
        }

        if (hasCommand)
        {
            command = TextList(c.Value, "target.reload.command", allowScalar: false);
            if (command.Count == 0 && c.Value is YamlSequenceNode)
            {
                Error(c.Value, "target.reload.command", "is empty (expected the command and its arguments, e.g. [/usr/sbin/nginx, -s, reload])");
                command = null;
            }
        }

        var within = TimeSpan.FromSeconds(30);
        if (keys.TryGetValue("within", out var w) && Duration(w.Value, "target.reload.within") is { } d)
        {
            if (d <= TimeSpan.Zero)
            {
                Error(w.Value, "target.reload.within", "must be longer than zero");
            }

            within = d;
        }

        if (hasSignal && hasCommand)
        {
            Error(c.Key, "target.reload", "give either signal or command, not both");
            return null;
        }

        if (!hasSignal && !hasCommand)
        {
            Missing(keyNode, "target.reload.signal", "signal: HUP, or command: [/usr/sbin/nginx, -s, reload]");
            return null;
        }

        if (kind is { } k && !KindRules(k).Capabilities.HasFlag(TargetCapability.Reload))
        {
            Error(keyNode, "target.reload", $"the implementation behind a {KindRules(k).Name} target cannot be signalled or reloaded by the harness (the driver lacks the target capability reload): remove it, or use kind: process");
            return null;
        }

        return signal is null && command is null ? null : new ReloadSpec { Signal = signal, Command = command, Within = within };
    }

    private ReadySpec? ReadReady(YamlNode keyNode, YamlNode node)
    {
        const string Field = "target.ready";
        if (!IsMapping(node, Field, out var map))
        {
            return null;
        }

        var keys = Keys(map, Field, ReadyKeys);
        string? tcp = null;
        if (keys.TryGetValue("tcp", out var t))
        {
            tcp = Port(t.Value, "target.ready.tcp");
        }
        else
        {
            Missing(keyNode, "target.ready.tcp", "tcp: \"{port:https}\"");
        }

        var within = TimeSpan.FromSeconds(15);
        if (keys.TryGetValue("within", out var w) && Duration(w.Value, "target.ready.within") is { } d)
        {
            if (d <= TimeSpan.Zero)
            {
                Error(w.Value, "target.ready.within", "must be longer than zero");
            }

            within = d;
        }

        return tcp is null ? null : new ReadySpec(tcp, within);
    }

    /// <summary>The kind's own requirements, as its driver states them (<see cref="ITargetKindRules.Check"/>).</summary>
    private void CheckTarget(TargetSpec target, YamlNode at)
    {
        switch (KindRules(target.Kind).Check(target, _nodes.ContainsKey))
        {
            case { Example: { } example } missing:
                Missing(at, missing.Field, example);
                break;
            case { } problem:
                Error(_nodes[problem.Field], problem.Field, problem.Message);
                break;
            default:
                break;
        }
    }

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

        var keys = Keys(map, field, EndpointKeys);
        string? port = null;
        if (keys.TryGetValue("port", out var p))
        {
            port = Port(p.Value, $"{field}.port");
        }
        else
        {
            Missing(keyNode, $"{field}.port", "port: \"{port:" + name + "}\"");
        }

        IReadOnlyList<string> trust = ["{pki:ca}"];
        if (keys.TryGetValue("trust", out var t))
        {
            trust = [.. TextList(t.Value, $"{field}.trust", allowScalar: true).Select(x => x == "self" ? x : RelativeToProfile(t.Value, x))];
        }

        var plaintext = keys.TryGetValue("plaintext", out var pt) ? Choice(pt.Value, $"{field}.plaintext", PlaintextModes) : null;
        var clientAuth = keys.TryGetValue("clientAuth", out var ca) ? Choice(ca.Value, $"{field}.clientAuth", ClientAuths) : null;
        var rejectAs = keys.TryGetValue("rejectAs", out var ra) ? TextList(ra.Value, $"{field}.rejectAs", allowScalar: false) : [];
        for (var i = 0; i < rejectAs.Count; i++)
        {
            if (!RejectClasses.Any(c => c.Text == rejectAs[i]))
            {
                Error(((YamlSequenceNode)ra.Value).Children[i], $"{field}.rejectAs[{i}]", NotOneOf(rejectAs[i], RejectClasses.Select(c => c.Text)));
            }
        }

        var protocol = keys.TryGetValue("protocol", out var pr) ? Choice(pr.Value, $"{field}.protocol", Protocols) : null;
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

        var keys = Keys(map, Field, PkiKeys);
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
            Key = keys.TryGetValue("key", out var k) ? Choice(k.Value, "pki.key", KeySpecs) ?? pki.Key : pki.Key,
            Eku = keys.TryGetValue("eku", out var e) ? Choice(e.Value, "pki.eku", EkuSpecs) ?? pki.Eku : pki.Eku,
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

        if (pki.SelfSignedLeaf && pki.Intermediate)
        {
            Error(_nodes["pki.intermediate"], "pki.intermediate", "a self-signed leaf has no issuer, so it cannot come from an intermediate");
        }

        if (pki.SelfSignedLeaf && pki.Sni.Count > 0)
        {
            Error(_nodes["pki.sni"], "pki.sni", "SNI certificates are issued by the run's CA, which a self-signed leaf (pki.selfSignedLeaf) does not have");
        }

        return pki;
    }

    private Claims ReadClaims(YamlNode node)
    {
        const string Field = "claims";
        var claims = new Claims();
        if (!IsMapping(node, Field, out var map))
        {
            return claims;
        }

        var keys = Keys(map, Field, ClaimKeys);
        if (keys.TryGetValue("oldPort", out var op))
        {
            claims = claims with { OldPort = Choice(op.Value, "claims.oldPort", OldPortModes) };
        }

        if (ClaimMap(keys, "redirect", RedirectKeys) is { } rd)
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
                    Post = rd.TryGetValue("post", out var po) ? Choice(po.Value, "claims.redirect.post", PostModes) ?? "redirect" : "redirect",
                    Assumed = Assumed(rd, "redirect"),
                },
            };
        }

        if (ClaimMap(keys, "tls", TlsKeys) is { } tls)
        {
            claims = claims with
            {
                Tls = new TlsClaim
                {
                    Min = tls.TryGetValue("min", out var mn) ? Choice(mn.Value, "claims.tls.min", TlsVersions) ?? "1.2" : "1.2",
                    Alpn = tls.TryGetValue("alpn", out var al) ? TextList(al.Value, "claims.tls.alpn", allowScalar: false) : [],
                    Assumed = Assumed(tls, "tls"),
                },
            };
        }

        if (ClaimMap(keys, "sni", SniKeys) is { } sni)
        {
            claims = claims with
            {
                Sni = new SniClaim
                {
                    Unknown = sni.TryGetValue("unknown", out var u) ? Choice(u.Value, "claims.sni.unknown", UnknownSniModes) ?? "default" : "default",
                    Endpoint = Text(sni, "endpoint", "claims.sni"),
                    Assumed = Assumed(sni, "sni"),
                },
            };
        }

        if (ClaimMap(keys, "content", ContentKeys) is { } content)
        {
            var path = Text(content, "path", "claims.content") ?? "/";
            if (!path.StartsWith('/'))
            {
                Error(content["path"].Value, "claims.content.path", $"'{path}' must start with '/'");
            }

            claims = claims with { Content = new ContentClaim { Path = path, Marker = Text(content, "marker", "claims.content") } };
        }

        if (ClaimMap(keys, "secret", SecretKeys) is { } secret)
        {
            claims = claims with
            {
                Secret = new SecretClaim
                {
                    Invalid = secret.TryGetValue("invalid", out var inv) ? Choice(inv.Value, "claims.secret.invalid", SecretModes) ?? "refuse-start" : "refuse-start",
                    Assumed = Assumed(secret, "secret"),
                },
            };
        }

        if (ClaimMap(keys, "reload", ReloadKeys) is { } reload)
        {
            claims = claims with
            {
                Reload = new ReloadClaim
                {
                    Mode = reload.TryGetValue("mode", out var mo) ? Choice(mo.Value, "claims.reload.mode", ReloadModes) ?? ReloadMode.Hot : ReloadMode.Hot,
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
    private Dictionary<string, (YamlNode Key, YamlNode Value)>? ClaimMap(Dictionary<string, (YamlNode Key, YamlNode Value)> claims, string name, string[] allowed)
    {
        if (!claims.TryGetValue(name, out var entry))
        {
            return null;
        }

        var field = $"claims.{name}";
        return IsMapping(entry.Value, field, out var map) ? Keys(map, field, allowed) : null;
    }

    /// <summary><c>assumed: true</c> turns every other key the claim sets into an assumption (<c>tls.min</c>, <c>reload.mode</c>).</summary>
    private bool Assumed(Dictionary<string, (YamlNode Key, YamlNode Value)> keys, string claim)
    {
        if (!keys.TryGetValue("assumed", out var a) || Bool(a.Value, $"claims.{claim}.assumed") != true)
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

    private MutantSpec? ReadMutant(YamlNode keyNode, YamlNode node)
    {
        const string Field = "mutant";
        if (!IsMapping(node, Field, out var map))
        {
            return null;
        }

        var keys = Keys(map, Field, MutantKeys);
        var name = Text(keys, "name", Field);
        if (name is null)
        {
            Missing(keyNode, "mutant.name", "name: Redirect302");
        }

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
        else
        {
            Missing(keyNode, "mutant.breaks", "breaks: [RD-01]");
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

    // ---- node helpers -------------------------------------------------------------------------------------------

    /// <summary>The mapping's keys that are allowed; unknown keys are reported with a suggestion. Values are remembered by field path.</summary>
    private Dictionary<string, (YamlNode Key, YamlNode Value)> Keys(YamlMappingNode map, string field, string[] allowed)
    {
        var result = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } key })
            {
                Error(k, field.Length == 0 ? "(document)" : field, $"keys are plain words, found {Describe(k)}");
                continue;
            }

            var path = field.Length == 0 ? key : $"{field}.{key}";
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var hint = KeySuggestion.Closest(key, allowed) is { } s
                    ? $"did you mean '{s}'?"
                    : $"expected one of: {string.Join(", ", allowed)}";
                Error(k, path, $"unknown key '{key}' ({hint})");
                continue;
            }

            _nodes[path] = v;
            result[key] = (k, v);
        }

        return result;
    }

    private bool IsMapping(YamlNode node, string field, out YamlMappingNode map)
    {
        if (node is YamlMappingNode m)
        {
            map = m;
            return true;
        }

        map = null!;
        if (!IsNull(node))
        {
            Error(node, field, $"expected a mapping (key: value), found {Describe(node)}");
        }
        else
        {
            Error(node, field, "has no value (expected a mapping)");
        }

        return false;
    }

    private string? Text(Dictionary<string, (YamlNode Key, YamlNode Value)> keys, string key, string parent = "") =>
        keys.TryGetValue(key, out var e) ? Text(e.Value, parent.Length == 0 ? key : $"{parent}.{key}") : null;

    private string? Text(YamlNode node, string field)
    {
        if (node is YamlScalarNode s)
        {
            return IsNull(s) ? null : s.Value;
        }

        Error(node, field, $"expected text, found {Describe(node)}");
        return null;
    }

    /// <summary>A scalar's text for a field that needs a value: a missing value or a mapping/list is reported with what was expected.</summary>
    private string? Required(YamlNode node, string field, string expected)
    {
        if (node is YamlScalarNode s && !IsNull(s))
        {
            return s.Value;
        }

        Error(node, field, IsNull(node) ? $"has no value (expected {expected})" : $"expected {expected}, found {Describe(node)}");
        return null;
    }

    private bool? Bool(YamlNode node, string field)
    {
        var text = Required(node, field, "true or false");
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var b))
        {
            return b;
        }

        Error(node, field, $"expected true or false, found '{text}'");
        return null;
    }

    private int? Int(YamlNode node, string field)
    {
        var text = Required(node, field, "a whole number");
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        Error(node, field, $"expected a whole number, found '{text}'");
        return null;
    }

    private TimeSpan? Duration(YamlNode node, string field)
    {
        var text = Required(node, field, "a duration such as 10s");
        if (text is null)
        {
            return null;
        }

        if (Durations.TryParse(text, out var d))
        {
            return d;
        }

        Error(node, field, $"'{text}' is not a duration (write it like 500ms, 10s, 2m or 1h)");
        return null;
    }

    /// <summary>A port number 1–65535 or a placeholder such as <c>{port:https}</c>, kept as written.</summary>
    private string? Port(YamlNode node, string field)
    {
        var text = Required(node, field, "a port number or \"{port:NAME}\"");
        if (text is null)
        {
            return null;
        }

        if (PlaceholderPattern().IsMatch(text))
        {
            return text;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 65535)
        {
            return n.ToString(CultureInfo.InvariantCulture);
        }

        Error(node, field, $"'{text}' is not a port number (1-65535) or a placeholder such as \"{{port:https}}\"");
        return null;
    }

    private T? Choice<T>(YamlNode node, string field, (string Text, T Value)[] allowed)
        where T : struct
    {
        var text = Required(node, field, $"one of: {string.Join(", ", allowed.Select(a => a.Text))}");
        if (text is null)
        {
            return null;
        }

        foreach (var (t, v) in allowed)
        {
            if (t == text)
            {
                return v;
            }
        }

        Error(node, field, NotOneOf(text, allowed.Select(a => a.Text)));
        return null;
    }

    private string? Choice(YamlNode node, string field, (string Text, string Value)[] allowed)
    {
        var text = Required(node, field, $"one of: {string.Join(", ", allowed.Select(a => a.Text))}");
        if (text is null || allowed.Any(a => a.Text == text))
        {
            return text;
        }

        Error(node, field, NotOneOf(text, allowed.Select(a => a.Text)));
        return null;
    }

    private List<string> TextList(YamlNode node, string field, bool allowScalar)
    {
        var list = new List<string>();
        if (node is YamlScalarNode s && allowScalar && !IsNull(s))
        {
            list.Add(s.Value!);
            return list;
        }

        if (node is not YamlSequenceNode seq)
        {
            Error(node, field, $"expected a list, found {(IsNull(node) ? "nothing" : Describe(node))}");
            return list;
        }

        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (Text(seq.Children[i], $"{field}[{i}]") is { } item)
            {
                list.Add(item);
            }
            else if (seq.Children[i] is YamlScalarNode)
            {
                Error(seq.Children[i], $"{field}[{i}]", "empty entry");
            }
        }

        return list;
    }

    private Dictionary<string, string> TextMap(YamlNode node, string field, Regex keyPattern, string what)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!IsMapping(node, field, out var m))
        {
            return map;
        }

        foreach (var (k, v) in m.Children)
        {
            if (k is not YamlScalarNode { Value: { } key } || !keyPattern.IsMatch(key))
            {
                Error(k, field, $"expected {what}, found {Describe(k)}");
                continue;
            }

            if (Text(v, $"{field}.{key}") is { } value)
            {
                map[key] = value;
            }
            else if (v is YamlScalarNode)
            {
                Error(v, $"{field}.{key}", "has no value");
            }
        }

        return map;
    }

    /// <summary>
    /// Plain relative paths are relative to the folder of the profile file that holds <paramref name="at"/> (a base's
    /// own folder for a value an overlay inherits); placeholders and absolute paths stay as written.
    /// </summary>
    private string RelativeToProfile(YamlNode at, string path) =>
        _origins.Of(at).Directory is not { } directory || path.Contains('{', StringComparison.Ordinal) || Path.IsPathRooted(path)
            ? path
            : Path.GetFullPath(Path.Combine(directory, path));

    private void Missing(YamlNode at, string field, string example) =>
        Error(at, field, $"missing required field '{field[(field.LastIndexOf('.') + 1)..]}' (e.g. {example})");

    private void Error(YamlNode at, string field, string message) =>
        _errors.Add(new ProfileError(_origins.Of(at).Display, (int)at.Start.Line, (int)at.Start.Column, field, message));

    private static string NotOneOf(string text, IEnumerable<string> allowed)
    {
        var list = allowed.ToList();
        return $"'{text}' is not one of: {string.Join(", ", list)}{Suggest(text, list)}";
    }

    private static string Suggest(string text, IEnumerable<string> candidates) =>
        KeySuggestion.Closest(text, candidates) is { } s ? $" (did you mean '{s}'?)" : string.Empty;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an alias",
    };

    private static bool IsPlainName(string name) => PlainNamePattern().IsMatch(name);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex PlainNamePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvNamePattern();

    [GeneratedRegex(@"^\{[a-z]+(?::[A-Za-z0-9_.\-]+)+\}$")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^[A-Z]{2,3}-\d{2}$")]
    private static partial Regex ScenarioIdPattern();
}
