using YamlDotNet.RepresentationModel;

namespace Conformance.Suites.Tests.Corpus;

/// <summary>Reads a corpus server's <c>expected.yaml</c>: per variant (process, endpoint), scenario ID → expected cell.</summary>
internal static class ExpectedVerdicts
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, ExpectedCell>> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var variants = new Dictionary<string, IReadOnlyDictionary<string, ExpectedCell>>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Children)
        {
            if (value is not YamlMappingNode cells)
            {
                continue; // server: NAME
            }

            var map = new Dictionary<string, ExpectedCell>(StringComparer.Ordinal);
            foreach (var (id, cell) in cells.Children)
            {
                var c = (YamlMappingNode)cell;
                map[((YamlScalarNode)id).Value!] = new ExpectedCell(
                    Text(c, "verdict") ?? throw new InvalidDataException($"{path}: {id} has no verdict"),
                    Text(c, "why") ?? throw new InvalidDataException($"{path}: {id} has no why (the measurement that decides it)"));
            }

            variants[((YamlScalarNode)key).Value!] = map;
        }

        return variants;
    }

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
}
