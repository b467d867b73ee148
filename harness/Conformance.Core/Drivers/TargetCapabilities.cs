using Conformance.Profiles;

namespace Conformance.Drivers;

/// <summary>Capability questions about a profile's target, answered from its driver (<see cref="TargetDrivers"/>).</summary>
public static class TargetCapabilities
{
    /// <summary>The capabilities of the driver for the profile's target kind.</summary>
    public static TargetCapability Of(Profile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return TargetDrivers.For(profile.Target.Kind).Capabilities;
    }

    /// <summary>Whether the profile's target has every capability in <paramref name="needed"/>.</summary>
    public static bool Has(Profile profile, TargetCapability needed) => (Of(profile) & needed) == needed;

    /// <summary>
    /// Null when the profile's target has every capability in <paramref name="needed"/>; else the not-applicable reason:
    /// <paramref name="purpose"/>, the missing capabilities and the target kind that lacks them.
    /// </summary>
    public static string? Missing(Profile profile, TargetCapability needed, string purpose)
    {
        var missing = needed & ~Of(profile);
        return missing == TargetCapability.None
            ? null
            : $"{purpose} needs the target capability {Names(missing)}, which the '{TargetDrivers.For(profile.Target.Kind).Name}' target does not have";
    }

    /// <summary>Capability names as a reason shows them (<see cref="TargetCapabilityNames.Names"/>).</summary>
    public static string Names(TargetCapability capabilities) => TargetCapabilityNames.Names(capabilities);

    /// <summary>One capability's name in kebab case (<see cref="TargetCapabilityNames.Name"/>).</summary>
    public static string Name(TargetCapability capability) => TargetCapabilityNames.Name(capability);
}
