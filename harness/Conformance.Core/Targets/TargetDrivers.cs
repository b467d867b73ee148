using Conformance.Profiles;

namespace Conformance.Targets;

/// <summary>The registry of target kinds: one line per driver. <c>target.kind</c> accepts exactly these names.</summary>
public static class TargetDrivers
{
    public static IReadOnlyList<ITargetDriver> All { get; } =
    [
        new Processes.ProcessDriver(),
        new Endpoints.EndpointDriver(),
        new Containers.ContainerDriver(),
        new Kubernetes.KubernetesDriver(),
    ];

    /// <summary>The driver of <paramref name="kind"/>; every kind has one.</summary>
    public static ITargetDriver For(TargetKind kind) =>
        All.FirstOrDefault(d => d.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "no target driver is registered for this kind");
}
