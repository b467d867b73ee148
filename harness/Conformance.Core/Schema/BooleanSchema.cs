namespace Conformance.Schema;

/// <summary>true or false.</summary>
public sealed record BooleanSchema : SchemaNode
{
    public override string TypeName => "true or false";
}
