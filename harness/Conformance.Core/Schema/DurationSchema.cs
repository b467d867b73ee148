namespace Conformance.Schema;

/// <summary>A duration written like 500ms, 10s, 2m or 1h (see <see cref="Inputs.Durations"/>).</summary>
public sealed record DurationSchema : SchemaNode
{
    /// <summary>The form <see cref="Inputs.Durations.TryParse"/> accepts, for JSON Schema.</summary>
    public const string Pattern = "^([0-9]+(ms|h|m|s))+$";

    public override string TypeName => "duration";
}
