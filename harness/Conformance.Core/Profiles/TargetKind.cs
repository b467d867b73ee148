namespace Conformance.Profiles;

/// <summary>How the harness reaches and acts on an implementation.</summary>
public enum TargetKind
{
    Process,
    Container,
    Kubernetes,
    Endpoint,
}
