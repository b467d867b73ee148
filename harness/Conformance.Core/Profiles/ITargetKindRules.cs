namespace Conformance.Profiles;

/// <summary>
/// What the profile reader needs to know about one target kind: its name in <c>target.kind</c>, what it can do, and
/// how its <c>target:</c> section is checked. Every target driver is one (<c>Targets.ITargetDriver</c> extends it); the
/// reader is handed the registered list by whoever composes the run (<c>Drivers.ProfileLoader</c>), so this layer never
/// calls up into the drivers.
/// </summary>
public interface ITargetKindRules
{
    TargetKind Kind { get; }

    /// <summary>The kind as written in <c>target.kind</c>.</summary>
    string Name => Kind.Name;

    TargetCapability Capabilities { get; }

    /// <summary>
    /// The kind's own requirements on a read <c>target:</c> section (sections and keys it needs or refuses); null when
    /// they are met. <paramref name="written"/> tells whether a key (e.g. <c>target.kubernetes</c>) is in the file
    /// even though its value did not read.
    /// </summary>
    TargetSpecProblem? Check(TargetSpec spec, Func<string, bool> written);

    /// <summary>
    /// How a kind with <see cref="TargetCapability.HostUpstream"/> runs the trust-bundle upstream, as a profile error
    /// completes "the NAME target ..." when a profile names an upstream port anyway.
    /// </summary>
    string HostedUpstream => "runs the upstream itself (https://conformance-upstream:8443)";

    /// <summary>Why trust bundles the harness writes could never reach the implementation on this target; null when they can.</summary>
    string? TrustBundleProblem(TargetSpec spec) => null;
}
