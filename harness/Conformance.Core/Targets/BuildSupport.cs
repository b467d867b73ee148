using Conformance.Profiles;

namespace Conformance.Targets;

/// <summary>
/// What a Native AOT build of the tool leaves out: the drivers whose client libraries generate code at run time
/// (<see cref="ITargetDriver.NeedsRuntimeCodeGeneration"/>). Such a build refuses them with this one line before
/// anything starts; their code is not in the binary (docs/performance.md).
/// </summary>
public static class BuildSupport
{
    /// <summary>The refusal for <paramref name="kind"/> in a build without runtime code generation.</summary>
    public static string Missing(TargetKind kind) =>
        $"target.kind '{kind}' is not available in this Native AOT build of conformance (its client library generates code at run time): use the ReadyToRun install (docs/performance.md)";

    /// <summary>Why this build cannot run <paramref name="driver"/>'s target, or null (<paramref name="dynamicCodeSupported"/>: RuntimeFeature.IsDynamicCodeSupported).</summary>
    public static string? NotInThisBuild(ITargetDriver driver, bool dynamicCodeSupported) =>
        dynamicCodeSupported || !driver.NeedsRuntimeCodeGeneration ? null : Missing(driver.Kind);
}
