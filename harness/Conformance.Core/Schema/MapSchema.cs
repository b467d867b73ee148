namespace Conformance.Schema;

/// <summary>A mapping whose keys the user names (endpoint names, environment variables), each value a <paramref name="Values"/>.</summary>
public sealed record MapSchema(SchemaNode Values, string KeyPattern, string KeyDescription, int MinEntries = 0) : SchemaNode
{
    public override string TypeName => $"map of {KeyDescription} to {Values.TypeName}";
}
