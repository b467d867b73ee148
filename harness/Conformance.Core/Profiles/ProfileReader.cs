using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Conformance.Inputs;
using Conformance.Pki;
using Conformance.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Profiles;

/// <summary>
/// Reads a profile's YAML node tree into a <see cref="Profile"/>, keeping every problem's line and column and going on
/// after each one: a user fixing a profile wants the whole list at once. Keys, types, enum words and required keys are
/// checked by the shared <see cref="YamlWalker"/> against <see cref="ProfileSchema"/>; the partial files by section
/// keep what a schema cannot say (cross references, files, placeholders, a driver's own requirements). One instance
/// reads one file.
/// </summary>
internal sealed partial class ProfileReader
{
    // One schema per kind list (the composition layer hands the same list to every read).
    private static readonly ConditionalWeakTable<IReadOnlyList<ITargetKindRules>, ObjectSchema> Schemas = [];

    private readonly NodeOrigins _origins;
    private readonly List<ProfileError> _errors = [];
    private readonly List<string> _assumptions = [];
    private readonly YamlWalker _walk;

    // The kinds target.kind accepts, in registry order: handed in by the composition layer (Drivers.ProfileLoader).
    private readonly IReadOnlyList<ITargetKindRules> _kinds;

    private ProfileReader(NodeOrigins origins, IReadOnlyList<ITargetKindRules> kinds)
    {
        _origins = origins;
        _kinds = kinds;
        _walk = new YamlWalker(SchemaFor(kinds), at => origins.Of(at).Display, _errors);
    }

    private (string Text, TargetKind Value)[] TargetKinds => [.. _kinds.Select(d => (d.Name, d.Kind))];

    /// <summary>
    /// The profile schema with <paramref name="kinds"/> as target.kind's words: every key list and enum word the reader
    /// checks comes from it, and so do schemas/ and docs/profile-reference.md.
    /// </summary>
    internal static ObjectSchema SchemaFor(IReadOnlyList<ITargetKindRules> kinds) =>
        Schemas.GetValue(kinds, k => ProfileSchema.Create([.. k.Select(d => d.Name)]));

    private ITargetKindRules KindRules(TargetKind kind) => _kinds.First(d => d.Kind == kind);

    /// <summary>Every accepted key's value by field path (the walker records them).</summary>
    private Dictionary<string, YamlNode> _nodes => _walk.Nodes;

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

        var keys = Keys(root, string.Empty, root);
        var apiVersion = Text(keys, "apiVersion");
        if (apiVersion is not null && apiVersion != "conformance/v1")
        {
            Error(keys["apiVersion"].Value, "apiVersion", $"unsupported apiVersion '{apiVersion}' (this harness reads conformance/v1)");
        }

        var name = Text(keys, "name");
        if (name is not null && !NamePattern().IsMatch(name))
        {
            Error(keys["name"].Value, "name", $"'{name}' is not a valid profile name (letters, digits, '.', '_' and '-')");
        }

        var description = Text(keys, "description");
        TargetSpec? target = null;
        if (keys.TryGetValue("target", out var t))
        {
            target = ReadTarget(t.Key, t.Value);
        }

        var endpoints = new List<EndpointSpec>();
        if (keys.TryGetValue("endpoints", out var eps))
        {
            endpoints = ReadEndpoints(eps.Key, eps.Value);
        }

        var pki = keys.TryGetValue("pki", out var p) ? ReadPki(p.Value) : new PkiSpec();
        var claims = keys.TryGetValue("claims", out var c) ? ReadClaims(c.Value) : new Claims();
        var mutant = keys.TryGetValue("mutant", out var m) ? ReadMutant(m.Key, m.Value) : null;
        var logs = keys.TryGetValue("logs", out var lg) ? ProfileLogsReader.Read(lg.Key, lg.Value, _origins, _walk) : null;
        var loadRequests = keys.TryGetValue("load", out var ld) ? ReadLoad(ld.Key, ld.Value) : null;

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
            LoadRequests = loadRequests,
        };
    }

    /// <summary><c>load: { requests: N }</c>, N within <see cref="ProfileSchema.LoadRequestsMin"/>..<see cref="ProfileSchema.LoadRequestsMax"/>.</summary>
    private long? ReadLoad(YamlNode keyNode, YamlNode node)
    {
        if (!IsMapping(node, "load", out var map))
        {
            return null;
        }

        var keys = Keys(map, "load", keyNode);
        if (!keys.TryGetValue("requests", out var r) || Int(r.Value, "load.requests") is not { } requests)
        {
            return null;
        }

        if (requests is < ProfileSchema.LoadRequestsMin or > ProfileSchema.LoadRequestsMax)
        {
            Error(r.Value, "load.requests", $"{requests} is outside {ProfileSchema.LoadRequestsMin}-{ProfileSchema.LoadRequestsMax} (fewer requests sample a rotation too thinly to judge)");
            return null;
        }

        return requests;
    }

    // ---- node helpers: the shared walker does the work; these keep the reader's call sites short ---------------

    private Dictionary<string, (YamlNode Key, YamlNode Value)> Keys(YamlMappingNode map, string field, YamlNode? at = null) => _walk.Keys(map, field, at);

    private bool IsMapping(YamlNode node, string field, out YamlMappingNode map) => _walk.IsMapping(node, field, out map);

    private string? Text(Dictionary<string, (YamlNode Key, YamlNode Value)> keys, string key, string parent = "") => _walk.Text(keys, key, parent);

    private string? Text(YamlNode node, string field) => _walk.Text(node, field);

    private string? Required(YamlNode node, string field, string expected) => _walk.Required(node, field, expected);

    private bool? Bool(YamlNode node, string field) => _walk.Bool(node, field);

    private int? Int(YamlNode node, string field) => _walk.Int(node, field);

    private TimeSpan? Duration(YamlNode node, string field) => _walk.Duration(node, field);

    /// <summary>The enum word's value as the schema maps it (ClientAuth, PlaintextMode, …).</summary>
    private T? Choice<T>(YamlNode node, string field)
        where T : struct => _walk.Choice(node, field)?.Value is T value ? value : null;

    private string? Choice(YamlNode node, string field) => _walk.Choice(node, field)?.Text;

    private List<string> TextList(YamlNode node, string field, bool allowScalar) => _walk.TextList(node, field, allowScalar);

    private Dictionary<string, string> TextMap(YamlNode node, string field) => _walk.TextMap(node, field);

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

    /// <summary>
    /// Plain relative paths are relative to the folder of the profile file that holds <paramref name="at"/> (a base's
    /// own folder for a value an overlay inherits); placeholders and absolute paths stay as written.
    /// </summary>
    private string RelativeToProfile(YamlNode at, string path) =>
        _origins.Of(at).Directory is not { } directory || path.Contains('{', StringComparison.Ordinal) || Path.IsPathRooted(path)
            ? path
            : Path.GetFullPath(Path.Combine(directory, path));

    private void Missing(YamlNode at, string field, string example) => _walk.Missing(at, field, example);

    private void Error(YamlNode at, string field, string message) => _walk.Error(at, field, message);

    private static string NotOneOf(string text, IEnumerable<string> allowed) => YamlWalker.NotOneOf(text, allowed);

    private static string Suggest(string text, IEnumerable<string> candidates) => YamlWalker.Suggest(text, candidates);

    private static string Describe(YamlNode node) => YamlWalker.Describe(node);

    private static bool IsPlainName(string name) => PlainNamePattern().IsMatch(name);

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(ProfileSchema.NamePattern)]
    private static partial Regex NamePattern();

    [GeneratedRegex(ProfileSchema.PlainNamePattern)]
    private static partial Regex PlainNamePattern();


    [GeneratedRegex(ProfileSchema.PlaceholderPattern)]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(ProfileSchema.ScenarioIdPattern)]
    private static partial Regex ScenarioIdPattern();
}
