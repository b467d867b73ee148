namespace Conformance.Schema;

/// <summary>
/// Finds the schema node that describes a reader's field path (<c>endpoints.https.clientAuth</c>,
/// <c>lines[0].when.after</c>): a map entry's name walks into the map's values, an index into the list's items, a
/// one-of into the first option that has the next step. The readers name their fields by these paths already, so
/// they look up key lists and enum words here instead of keeping their own.
/// </summary>
public static class SchemaPath
{
    public static SchemaNode? Find(SchemaNode root, string field)
    {
        SchemaNode? node = root;
        foreach (var part in field.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            var indexes = 0;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0)
            {
                name = part[..bracket];
                indexes = part.Count(c => c == '[');
            }

            node = name.Length == 0 ? node : Step(node, name);
            for (var i = 0; i < indexes && node is not null; i++)
            {
                node = Item(node);
            }

            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static SchemaNode? Step(SchemaNode? node, string name) => node switch
    {
        ObjectSchema o => o.Field(name)?.Node,
        MapSchema m => m.Values,
        OneOfSchema one => one.Options.Select(o => Step(o, name)).FirstOrDefault(n => n is not null),
        _ => null,
    };

    private static SchemaNode? Item(SchemaNode node) => node switch
    {
        ListSchema l => l.Items,
        OneOfSchema one => one.Options.Select(Item).FirstOrDefault(n => n is not null),
        _ => null,
    };
}
