namespace Conformance.Profiles;

public readonly partial record struct TargetKind
{
    /// <summary><c>endpoint</c>: an implementation already running with its own PKI.</summary>
    public static TargetKind Endpoint { get; } = new("endpoint");
}
