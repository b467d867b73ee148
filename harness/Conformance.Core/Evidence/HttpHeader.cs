namespace Conformance.Evidence;

/// <summary>One response header as received.</summary>
public sealed record HttpHeader(string Name, string Value);
