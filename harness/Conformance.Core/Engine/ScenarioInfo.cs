using Conformance.Model;
using Conformance.Profiles;
using Conformance.Drivers;

namespace Conformance.Engine;

/// <summary>What a scenario checks: its stable ID, suite, level and requirement text, and what it needs to run.</summary>
/// <param name="Id">Stable ID such as <c>RD-01</c>; reports, traits and filters use it.</param>
/// <param name="Suite">The suite folder it belongs to (<c>plaintext</c>, <c>redirect</c>, <c>san</c>, …).</param>
/// <param name="Level">The catalog's level.</param>
/// <param name="Title">A short title.</param>
/// <param name="Requirement">The requirement, as the catalog words it (conformance scenarios).</param>
/// <param name="Capability">The profile claim the scenario applies to (shown in the capability matrix).</param>
/// <param name="NotApplicableBecause">
/// The scenario's own rule, asked once its claims (<see cref="NotClaimedBecause"/>) and target capabilities
/// (<see cref="Requires"/>) are met: null when it applies, otherwise the reason it does not.
/// </param>
public sealed record ScenarioInfo(
    string Id,
    string Suite,
    Level Level,
    string Title,
    string Requirement,
    string Capability,
    Func<Profile, string?> NotApplicableBecause)
{
    /// <summary>
    /// True when the scenario changes the implementation's state (swaps certificates or bundles, reloads, restarts):
    /// such scenarios run one at a time, in catalog order, while no other scenario probes the same target.
    /// </summary>
    public bool ActsOnTarget { get; init; }

    /// <summary>
    /// True when the scenario judges what the whole run produced (every log line the run caused): it runs after all
    /// other scenarios, so nothing it should have seen happens after it looked.
    /// </summary>
    public bool ReadsWholeRun { get; init; }

    /// <summary>The claims the profile must make, asked first: null when they are made, otherwise the reason.</summary>
    public Func<Profile, string?>? NotClaimedBecause { get; init; }

    /// <summary>
    /// The target capabilities the scenario uses (actions, variants, certificate swaps); a target without them makes
    /// it not applicable, and the context refuses a capability-bound member the scenario did not declare.
    /// </summary>
    public TargetCapability Requires { get; init; }

    /// <summary>What the capabilities are needed for, as the not-applicable reason words it (e.g. "rotating the served certificate").</summary>
    public string RequiresFor { get; init; } = "this scenario";

    /// <summary>The run facts this scenario writes; every consumer of one starts after it in the run.</summary>
    public IReadOnlyList<RunFact> Produces { get; init; } = [];

    /// <summary>The run facts this scenario reads; it starts only after every producer of each in the run finished.</summary>
    public IReadOnlyList<RunFact> Consumes { get; init; } = [];

    /// <summary>
    /// Null when the scenario applies to the profile, otherwise why not: its claims first, then the target
    /// capabilities it declares (<see cref="TargetCapabilities.Missing"/>, the one place that words them), then its own rule.
    /// </summary>
    public string? WhyNotApplicable(Profile profile) =>
        NotClaimedBecause?.Invoke(profile)
        ?? TargetCapabilities.Missing(profile, Requires, RequiresFor)
        ?? NotApplicableBecause(profile);
}
