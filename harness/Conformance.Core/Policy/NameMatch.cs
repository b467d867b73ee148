namespace Conformance.Policy;

/// <summary>Whether a reference name matched a certificate, which SAN matched it, and the rule applied.</summary>
public sealed record NameMatch(bool Matched, string Rule, string? MatchedBy);
