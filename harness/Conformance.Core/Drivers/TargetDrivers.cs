using Conformance.Profiles;
using Conformance.Targets;
using Conformance.Targets.Containers;
using Conformance.Targets.Endpoints;
using Conformance.Targets.Kubernetes;
using Conformance.Targets.Processes;

namespace Conformance.Drivers;

/// <summary>
/// The registry of target kinds: one line per driver. <c>target.kind</c> accepts exactly these names. It sits above the
/// driver folders (they build on <c>Conformance.Targets</c>, never on this list); the engine, the CLI and
/// <see cref="ProfileLoader"/> read it.
/// </summary>
public static class TargetDrivers
{
    public static IReadOnlyList<ITargetDriver> All { get; } =
    [
        new ProcessDriver(),
        new EndpointDriver(),
        new ContainerDriver(),
        new KubernetesDriver(),
    ];

    /// <summary>The driver of <paramref name="kind"/>; every kind has one.</summary>
    public static ITargetDriver For(TargetKind kind) =>
        All.FirstOrDefault(d => d.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "no target driver is registered for this kind");
}
