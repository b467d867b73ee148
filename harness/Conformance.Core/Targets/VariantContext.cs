using Conformance.Inputs;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Targets;

/// <summary>
/// What a driver reads to start a variant (<see cref="ITargetDriver.TryStartVariantAsync"/>): the run's profile,
/// placeholders, PKI and workspace, and <see cref="ResolveVariant"/>, which resolves the target's command line and
/// files again with some placeholders overridden (a fresh folder, the run's other values). The engine provides it, so
/// a driver never sees the rest of the run.
/// </summary>
public sealed record VariantContext(
    Profile Profile,
    PlaceholderResolver Resolver,
    RunPki? Pki,
    RunWorkspace Workspace,
    Func<IReadOnlyDictionary<string, string>, TimeSpan, ResolvedTargetSpec> ResolveVariant);
