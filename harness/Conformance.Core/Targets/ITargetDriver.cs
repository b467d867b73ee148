using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;

namespace Conformance.Targets;

/// <summary>
/// Everything the harness knows about one target kind: its name in <c>target.kind</c>, what it can do, how its
/// profile section is checked, and how a run's target and actions are made. Registered in <see cref="TargetDrivers"/>;
/// the engine and the scenarios ask a driver, never a kind.
/// </summary>
public interface ITargetDriver
{
    TargetKind Kind { get; }

    /// <summary>The kind as written in <c>target.kind</c>.</summary>
    string Name { get; }

    TargetCapability Capabilities { get; }

    /// <summary>
    /// The kind's own requirements on a read <c>target:</c> section (sections and keys it needs or refuses); null when
    /// they are met. <paramref name="written"/> tells whether a key (e.g. <c>target.kubernetes</c>) is in the file
    /// even though its value did not read.
    /// </summary>
    TargetSpecProblem? Check(TargetSpec spec, Func<string, bool> written);

    /// <summary>The run's target (not started) and, made only when the run goes ahead, its actions.</summary>
    CreatedTarget Create(TargetContext context);

    /// <summary>
    /// Starts a second instance with some placeholders overridden on fresh ports, waits until it is ready, exits or
    /// <paramref name="within"/> passes, and stops it (<see cref="TargetCapability.StartVariant"/>).
    /// </summary>
    Task<StartAttempt> TryStartVariantAsync(RunEnvironment environment, IReadOnlyDictionary<string, string> overrides, TimeSpan within, TimeProvider time, CancellationToken cancellationToken) =>
        throw new TargetException($"starting a variant needs the target capability {TargetCapabilities.Name(TargetCapability.StartVariant)}; this profile's target is '{Name}'");

    /// <summary>
    /// How a driver with <see cref="TargetCapability.HostUpstream"/> runs the trust-bundle upstream, as a profile error
    /// completes "the NAME target ..." when a profile names an upstream port anyway.
    /// </summary>
    string HostedUpstream => "runs the upstream itself (https://conformance-upstream:8443)";

    /// <summary>The SNI name an endpoint without <c>serverName</c> is reached by on this target; null: none.</summary>
    string? DefaultServerName(TargetSpec spec) => null;

    /// <summary>Why trust bundles the harness writes could never reach the implementation on this target; null when they can.</summary>
    string? TrustBundleProblem(TargetSpec spec) => null;

    /// <summary>How log catalog patterns resolve placeholders on this target (e.g. the pod's port where the harness forwards another).</summary>
    Func<string, string> LogPlaceholders(Profile profile, PlaceholderResolver resolver) => resolver.Resolve;
}
