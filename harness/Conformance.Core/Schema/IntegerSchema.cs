namespace Conformance.Schema;

/// <summary>A whole number, optionally bounded; <paramref name="Allowed"/> when only some numbers are meaningful.</summary>
public sealed record IntegerSchema(int? Min = null, int? Max = null, IReadOnlyList<int>? Allowed = null) : SchemaNode
{
    public override string TypeName => "whole number";
}
