using Conformance.Model;
using Conformance.Profiles;

namespace Conformance.Engine;

/// <summary>What a scenario checks: its stable ID, suite, level and requirement text.</summary>
/// <param name="Id">Stable ID such as <c>RD-01</c>; reports, traits and filters use it.</param>
/// <param name="Suite">The suite folder it belongs to (<c>plaintext</c>, <c>redirect</c>, <c>san</c>, …).</param>
/// <param name="Level">The catalog's level.</param>
/// <param name="Title">A short title.</param>
/// <param name="Requirement">The requirement, as the catalog words it (conformance scenarios).</param>
/// <param name="Capability">The profile claim the scenario applies to (shown in the capability matrix).</param>
/// <param name="NotApplicableBecause">Returns null when the scenario applies to the profile, otherwise the reason it does not.</param>
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
    /// True when the scenario judges what the whole run produced (every log line, every key a scenario installed):
    /// it runs after all other scenarios, so nothing it should have seen happens after it looked.
    /// </summary>
    public bool ReadsWholeRun { get; init; }
}
