namespace Conformance.Profiles;

/// <summary>
/// How the harness reaches and acts on an implementation: the value of <c>target.kind</c>. Each kind is declared in
/// its driver's folder (<c>Targets/&lt;Kind&gt;s/TargetKind.&lt;Kind&gt;.cs</c>) and registered with its driver in
/// <see cref="Drivers.TargetDrivers"/>; what a kind can do is its driver's <see cref="TargetCapability"/> set.
/// </summary>
public readonly partial record struct TargetKind(string Name)
{
    /// <summary>The kind as written in <c>target.kind</c>.</summary>
    public override string ToString() => Name;
}
