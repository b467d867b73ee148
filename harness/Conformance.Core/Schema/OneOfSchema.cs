namespace Conformance.Schema;

/// <summary>A value that may take one of several shapes (a port number or a placeholder; a list or a map).</summary>
public sealed record OneOfSchema(IReadOnlyList<SchemaNode> Options) : SchemaNode
{
    public override string TypeName => string.Join(" or ", Options.Select(o => o.TypeName));
}
