namespace Conformance.Profiles;

/// <summary>On a mutant profile: the requirement it breaks and the scenarios that must catch it.</summary>
public sealed record MutantSpec(string Name, IReadOnlyList<string> Breaks, string? Description)
{
    /// <summary>
    /// Scenarios that honestly cannot decide on this mutant (an <c>error</c> verdict), e.g. RT-05's sensitivity check
    /// on an implementation that never serves a new certificate.
    /// </summary>
    public IReadOnlyList<string> Undecided { get; init; } = [];
}
