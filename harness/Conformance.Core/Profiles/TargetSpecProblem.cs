namespace Conformance.Profiles;

/// <summary>
/// A target section that does not meet its kind's requirements. With <see cref="Example"/> a required key is missing
/// (reported at the <c>target:</c> section with the example); without, <see cref="Message"/> is reported at the key.
/// </summary>
public sealed record TargetSpecProblem(string Field, string Message, string? Example = null)
{
    /// <summary>A required key is missing; <paramref name="example"/> shows how it is written.</summary>
    public static TargetSpecProblem Missing(string field, string example) => new(field, string.Empty, example);
}
