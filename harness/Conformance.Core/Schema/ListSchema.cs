namespace Conformance.Schema;

/// <summary>A list of <paramref name="Items"/>; <paramref name="AllowScalar"/> also accepts one item written without brackets.</summary>
public sealed record ListSchema(SchemaNode Items, bool AllowScalar = false, int MinItems = 0) : SchemaNode
{
    public override string TypeName => AllowScalar ? $"{Items.TypeName} or list of {Items.TypeName}" : $"list of {Items.TypeName}";
}
