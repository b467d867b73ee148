using Conformance.Inputs;
using Conformance.Model;
using Conformance.Profiles;

namespace Conformance.Targets;

/// <summary>
/// Everything the harness knows about one target kind: its name in <c>target.kind</c>, what it can do and how its
/// profile section is checked (<see cref="ITargetKindRules"/>, what the profile reader asks), and how a run's target
/// and actions are made. Registered in <c>Drivers.TargetDrivers</c>; the engine and the scenarios ask a driver, never
/// a kind.
/// </summary>
public interface ITargetDriver : ITargetKindRules
{
    /// <summary>The run's target (not started) and, made only when the run goes ahead, its actions.</summary>
    CreatedTarget Create(TargetContext context);

    /// <summary>
    /// Starts a second instance with some placeholders overridden on fresh ports, waits until it is ready, exits or
    /// <paramref name="within"/> passes, and stops it (<see cref="TargetCapability.StartVariant"/>).
    /// </summary>
    Task<StartAttempt> TryStartVariantAsync(VariantContext variant, IReadOnlyDictionary<string, string> overrides, TimeSpan within, TimeProvider time, CancellationToken cancellationToken) =>
        throw new TargetException($"starting a variant needs the target capability {TargetCapabilityNames.Name(TargetCapability.StartVariant)}; this profile's target is '{Name}'");

    /// <summary>
    /// Whether the driver's client libraries generate code at run time (reflection-based JSON and YAML of the
    /// Kubernetes and Docker clients): a Native AOT build of the tool refuses such a target before starting it, with
    /// one line, instead of failing somewhere inside the run (docs/performance.md).
    /// </summary>
    bool NeedsRuntimeCodeGeneration => false;

    /// <summary>The SNI name an endpoint without <c>serverName</c> is reached by on this target; null: none.</summary>
    string? DefaultServerName(TargetSpec spec) => null;

    /// <summary>How log catalog patterns resolve placeholders on this target (e.g. the pod's port where the harness forwards another).</summary>
    Func<string, string> LogPlaceholders(Profile profile, PlaceholderResolver resolver) => resolver.Resolve;
}
