namespace Conformance.Profiles;

public readonly partial record struct TargetKind
{
    /// <summary><c>kubernetes</c>: a deployment in a namespace of the harness's own, ports forwarded.</summary>
    public static TargetKind Kubernetes { get; } = new("kubernetes");
}
