namespace Conformance.Schema;

/// <summary>
/// One node of a declarative YAML schema: what a value may be. The profile and log-catalog readers, the JSON Schema
/// files under schemas/ and the key reference in docs/ are all driven from one tree of these.
/// </summary>
public abstract record SchemaNode
{
    /// <summary>The node's kind as the key reference prints it (text, list of text, mapping, …).</summary>
    public abstract string TypeName { get; }
}
