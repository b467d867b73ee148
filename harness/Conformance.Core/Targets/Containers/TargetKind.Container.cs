namespace Conformance.Profiles;

public readonly partial record struct TargetKind
{
    /// <summary><c>container</c>: the implementation's image run in the local container engine.</summary>
    public static TargetKind Container { get; } = new("container");
}
