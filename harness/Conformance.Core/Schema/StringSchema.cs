namespace Conformance.Schema;

/// <summary>Text; <paramref name="Pattern"/> (a regular expression, ECMA-compatible so JSON Schema can use it) when the form is fixed.</summary>
public sealed record StringSchema(string? Pattern = null, string? Form = null) : SchemaNode
{
    public override string TypeName => Form ?? "text";
}
