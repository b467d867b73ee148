using YamlDotNet.RepresentationModel;

namespace Conformance.Suites.Tests.Kubernetes;

/// <summary>Small accessors over YamlDotNet's representation model, for reading manifests and workflows in tests.</summary>
internal static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlNode? Path(this YamlNode? node, params string[] keys) => keys.Aggregate(node, (n, k) => n.Get(k));

    public static string? Text(this YamlNode? node, params string[] keys) => (node.Path(keys) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node, params string[] keys) =>
        node.Path(keys) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    public static IReadOnlyList<string> Strings(this YamlNode? node, params string[] keys) =>
        [.. node.Items(keys).OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty)];

    public static IReadOnlyDictionary<string, string> Map(this YamlNode? node, params string[] keys) =>
        node.Path(keys) is YamlMappingNode map
            ? map.Children.Where(c => c.Key is YamlScalarNode && c.Value is YamlScalarNode)
                .ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? string.Empty)
            : new Dictionary<string, string>();
}
