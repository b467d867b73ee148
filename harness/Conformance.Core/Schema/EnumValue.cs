namespace Conformance.Schema;

/// <summary>One allowed word of an <see cref="EnumSchema"/>: what it means, and the value the reader turns it into.</summary>
public sealed record EnumValue(string Text, string Description, object? Value = null);
