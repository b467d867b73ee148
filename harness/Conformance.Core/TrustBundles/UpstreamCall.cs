using Conformance.Evidence;

namespace Conformance.TrustBundles;

/// <summary>One request through the implementation: which upstream certificate was presented, when, and how it ended.</summary>
public sealed record UpstreamCall(DateTimeOffset AtUtc, string Certificate, UpstreamOutcome Outcome, HttpExchangeEvidence Exchange)
{
    /// <summary>One line for the evidence: time, certificate, outcome, status and the start of the body.</summary>
    public string Describe(DateTimeOffset since) =>
        $"+{(AtUtc - since).TotalMilliseconds:0} ms certificate {Certificate}: {Outcome.ToString().ToLowerInvariant()}"
        + (Exchange.Status is { } s ? $" (HTTP {s}{(Exchange.BodySnippet is { } b ? ": " + b.Trim().ReplaceLineEndings(" ") : string.Empty)})" : $" ({Exchange.Error})");
}
