namespace Conformance.Schema;

/// <summary>
/// A mapping with a fixed set of keys; any other key is an error. <paramref name="ExactlyOne"/> names keys of which
/// exactly one must be given (<c>signal</c> or <c>command</c>); the reader words that error itself.
/// </summary>
public sealed record ObjectSchema(IReadOnlyList<SchemaField> Fields, IReadOnlyList<string>? ExactlyOne = null) : SchemaNode
{
    public override string TypeName => "mapping";

    /// <summary>The allowed keys, in the order the schema lists them (the order error hints print).</summary>
    public IReadOnlyList<string> Names => [.. Fields.Select(f => f.Name)];

    public SchemaField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
