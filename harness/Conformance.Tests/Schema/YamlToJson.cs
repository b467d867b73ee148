using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.Tests.Schema;

/// <summary>
/// A YAML document as JSON with the scalar types the readers see: a plain null word is null, true/false a boolean, a
/// plain whole number an integer, anything quoted or else text. A key that is not text becomes text no schema
/// allows, so the JSON Schema refuses it as the reader does.
/// </summary>
internal static class YamlToJson
{
    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode);
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode map => Object(map),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Node)]),
        YamlScalarNode s => Scalar(s),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.GetType().Name}"),
    };

    private static JsonObject Object(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (k, v) in map.Children)
        {
            var key = k is YamlScalarNode { Value: { } text } && Scalar((YamlScalarNode)k) is not null ? text : $"<non-text key at {k.Start.Line}:{k.Start.Column}>";
            result[key] = Node(v);
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode s)
    {
        if (s.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(s.Value ?? string.Empty);
        }

        var text = s.Value ?? string.Empty;
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(bool.Parse(text));
        }

        return long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? JsonValue.Create(n)
            : JsonValue.Create(text);
    }
}
