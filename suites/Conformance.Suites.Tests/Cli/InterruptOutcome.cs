namespace Conformance.Suites.Tests.Cli;

/// <summary>One cell's line for the log and what went wrong in it (empty when it held).</summary>
internal sealed record InterruptOutcome(string Line, List<string> Problems);
