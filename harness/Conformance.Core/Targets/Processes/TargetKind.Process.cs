namespace Conformance.Profiles;

public readonly partial record struct TargetKind
{
    /// <summary><c>process</c>: a local process tree the harness starts.</summary>
    public static TargetKind Process { get; } = new("process");
}
