namespace Conformance.Schema;

/// <summary>One of a fixed set of words.</summary>
public sealed record EnumSchema(IReadOnlyList<EnumValue> Values) : SchemaNode
{
    public override string TypeName => "one of the words";

    public IReadOnlyList<string> Texts => [.. Values.Select(v => v.Text)];

    /// <summary>Words that mean the same as the text (no per-value documentation).</summary>
    public static EnumSchema Of(params string[] texts) => new([.. texts.Select(t => new EnumValue(t, string.Empty))]);
}
