using Conformance.Inputs;
using Conformance.Pki;
using Conformance.Profiles;

namespace Conformance.Targets;

/// <summary>
/// What a driver gets to make a run's target: the profile, the run's placeholders, PKI and workspace, the resolved
/// command line and ready port, and <see cref="Resolve"/>, which notes an unresolved placeholder as a profile problem
/// (text, field) instead of throwing, so one pass reports them all.
/// </summary>
public sealed record TargetContext(
    Profile Profile,
    PlaceholderResolver Resolver,
    RunPki? Pki,
    RunWorkspace Workspace,
    ResolvedTargetSpec Resolved,
    TimeProvider Time,
    Func<string, string, string> Resolve);
