namespace Conformance.Schema;

/// <summary>
/// One key of an <see cref="ObjectSchema"/>. <paramref name="Example"/> is what the "missing required field" error
/// suggests; <c>&lt;entry&gt;</c> in it stands for the name of the map entry that lacks the key.
/// </summary>
public sealed record SchemaField(string Name, SchemaNode Node, string Description, string? Default = null, bool Required = false, string? Example = null);
