namespace Conformance.Profiles;

/// <summary>On a mutant profile: the requirement it breaks and the scenarios that must catch it.</summary>
public sealed record MutantSpec(string Name, IReadOnlyList<string> Breaks, string? Description);
