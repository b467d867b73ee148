using System.Globalization;
using System.Text.RegularExpressions;
using Conformance.Inputs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Schema;

/// <summary>
/// The YAML layer both readers share: keys, node types, enum words and required keys are checked against the schema,
/// each problem one <see cref="ProfileError"/> with its line and column, and reading goes on after each so a user
/// fixing a file gets the whole list at once. The readers keep what a schema cannot say (cross references, files).
/// </summary>
internal sealed class YamlWalker(SchemaNode root, Func<YamlNode, string> fileOf, List<ProfileError> errors)
{
    /// <summary>Every accepted key's value by field path, for checks that point back at a value later.</summary>
    public Dictionary<string, YamlNode> Nodes { get; } = new(StringComparer.Ordinal);

    public SchemaNode Root => root;

    /// <summary>The list every problem goes to (a nested reader's errors are added here too).</summary>
    public List<ProfileError> Errors => errors;

    /// <summary>
    /// The mapping's keys the schema allows at <paramref name="field"/>; unknown and non-text keys are reported with a
    /// suggestion. With <paramref name="at"/>, a required key that is absent or has no value is reported there.
    /// </summary>
    public Dictionary<string, (YamlNode Key, YamlNode Value)> Keys(YamlMappingNode map, string field, YamlNode? at = null)
    {
        var schema = Object(field);
        var allowed = schema.Names;
        var result = new Dictionary<string, (YamlNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } key } || IsNull(k))
            {
                Error(k, field.Length == 0 ? "(document)" : field, $"keys are plain words, found {Describe(k)}");
                continue;
            }

            var path = Join(field, key);
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var hint = KeySuggestion.Closest(key, allowed) is { } s
                    ? $"did you mean '{s}'?"
                    : $"expected one of: {string.Join(", ", allowed)}";
                Error(k, path, $"unknown key '{key}' ({hint})");
                continue;
            }

            if (IsNull(v) && schema.Field(key)!.Required && at is not null)
            {
                Missing(k, path, schema.Field(key)!);
                continue;
            }

            Nodes[path] = v;
            result[key] = (k, v);
        }

        if (at is not null)
        {
            foreach (var f in schema.Fields.Where(f => f.Required && !result.ContainsKey(f.Name) && !HasKey(map, f.Name)))
            {
                Missing(at, Join(field, f.Name), f);
            }
        }

        return result;
    }

    /// <summary>The schema's object at <paramref name="field"/>; a reader asking for a path the schema lacks is a bug.</summary>
    public ObjectSchema Object(string field) =>
        (field.Length == 0 ? root : SchemaPath.Find(root, field)) as ObjectSchema
        ?? throw new InvalidOperationException($"the schema has no mapping at '{field}'");

    public EnumSchema Enum(string field) => SchemaPath.Find(root, field) switch
    {
        EnumSchema e => e,

        // A word or a map (claims.oldPort): the scalar form's words.
        OneOfSchema one when one.Options.OfType<EnumSchema>().FirstOrDefault() is { } e => e,
        _ => throw new InvalidOperationException($"the schema has no enum at '{field}'"),
    };

    public bool IsMapping(YamlNode node, string field, out YamlMappingNode map)
    {
        if (node is YamlMappingNode m)
        {
            map = m;
            return true;
        }

        map = null!;
        Error(node, field, IsNull(node) ? "has no value (expected a mapping)" : $"expected a mapping (key: value), found {Describe(node)}");
        return false;
    }

    public string? Text(Dictionary<string, (YamlNode Key, YamlNode Value)> keys, string key, string parent = "") =>
        keys.TryGetValue(key, out var e) ? Text(e.Value, Join(parent, key)) : null;

    /// <summary>A scalar's text, null for no value; a mapping or list is reported.</summary>
    public string? Text(YamlNode node, string field)
    {
        if (node is YamlScalarNode s)
        {
            return IsNull(s) ? null : s.Value;
        }

        Error(node, field, $"expected text, found {Describe(node)}");
        return null;
    }

    /// <summary>A scalar's text for a field that needs a value: a missing value or a mapping/list is reported with what was expected.</summary>
    public string? Required(YamlNode node, string field, string expected)
    {
        if (node is YamlScalarNode s && !IsNull(s))
        {
            return s.Value;
        }

        Error(node, field, IsNull(node) ? $"has no value (expected {expected})" : $"expected {expected}, found {Describe(node)}");
        return null;
    }

    public bool? Bool(YamlNode node, string field)
    {
        if (Required(node, field, "true or false") is not { } text)
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

    public int? Int(YamlNode node, string field)
    {
        if (Required(node, field, "a whole number") is not { } text)
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

    public TimeSpan? Duration(YamlNode node, string field)
    {
        if (Required(node, field, "a duration such as 10s") is not { } text)
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

    /// <summary>The enum word the schema allows at <paramref name="field"/>, or null (reported) when it is not one.</summary>
    public EnumValue? Choice(YamlNode node, string field)
    {
        var allowed = Enum(field);
        if (Required(node, field, $"one of: {string.Join(", ", allowed.Texts)}") is not { } text)
        {
            return null;
        }

        if (allowed.Values.FirstOrDefault(v => v.Text == text) is { } found)
        {
            return found;
        }

        Error(node, field, NotOneOf(text, allowed.Texts));
        return null;
    }

    public List<string> TextList(YamlNode node, string field, bool allowScalar)
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

    /// <summary>A map of names to text (environment, files, ports); names must match the schema's key pattern.</summary>
    public Dictionary<string, string> TextMap(YamlNode node, string field)
    {
        var schema = SchemaPath.Find(root, field) as MapSchema ?? throw new InvalidOperationException($"the schema has no map at '{field}'");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!IsMapping(node, field, out var m))
        {
            return map;
        }

        foreach (var (k, v) in m.Children)
        {
            if (k is not YamlScalarNode { Value: { } key } || !Regex.IsMatch(key, schema.KeyPattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                Error(k, field, $"expected {schema.KeyDescription}, found {Describe(k)}");
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

    /// <summary>A required key is absent: the message names it and shows the schema's example.</summary>
    public void Missing(YamlNode at, string field, SchemaField key)
    {
        var entry = field.Split('.') is { Length: >= 2 } parts ? parts[^2] : string.Empty;
        var example = key.Example?.Replace("<entry>", entry, StringComparison.Ordinal)
            ?? (key.Node is EnumSchema e ? $"{key.Name}: {string.Join(" | ", e.Texts)}" : $"{key.Name}: …");
        Missing(at, field, example);
    }

    public void Missing(YamlNode at, string field, string example) =>
        Error(at, field, $"missing required field '{field[(field.LastIndexOf('.') + 1)..]}' (e.g. {example})");

    public void Error(YamlNode at, string field, string message) =>
        errors.Add(new ProfileError(fileOf(at), (int)at.Start.Line, (int)at.Start.Column, field, message));

    public static string NotOneOf(string text, IEnumerable<string> allowed)
    {
        var list = allowed.ToList();
        return $"'{text}' is not one of: {string.Join(", ", list)}{Suggest(text, list)}";
    }

    public static string Suggest(string text, IEnumerable<string> candidates) =>
        KeySuggestion.Closest(text, candidates) is { } s ? $" (did you mean '{s}'?)" : string.Empty;

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "an alias",
    };

    private static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    private static bool HasKey(YamlMappingNode map, string name) =>
        map.Children.Keys.Any(k => k is YamlScalarNode { Value: { } v } && v == name);
}
