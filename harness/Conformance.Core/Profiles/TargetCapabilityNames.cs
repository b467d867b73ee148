namespace Conformance.Profiles;

/// <summary>Capability names as reasons and errors show them: <c>swap-certificate</c>, <c>start-variant</c>, ...</summary>
public static class TargetCapabilityNames
{
    /// <summary>Every capability in <paramref name="capabilities"/>, comma separated, in declaration order.</summary>
    public static string Names(TargetCapability capabilities) =>
        string.Join(", ", Enum.GetValues<TargetCapability>()
            .Where(c => c != TargetCapability.None && capabilities.HasFlag(c))
            .Select(Name));

    /// <summary>One capability's name in kebab case (<see cref="TargetCapability.SwapCertificate"/> → <c>swap-certificate</c>).</summary>
    public static string Name(TargetCapability capability) =>
        string.Concat(capability.ToString().Select((ch, i) => char.IsUpper(ch) && i > 0 ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
