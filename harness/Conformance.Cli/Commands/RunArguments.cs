using Conformance.Model;

namespace Conformance.Cli.Commands;

/// <summary>The parsed options of <c>conformance run</c>.</summary>
internal sealed record RunArguments(string Profile, IReadOnlyList<string> Suites, IReadOnlyList<string> Scenarios, string Out, int? Seed, Level FailOn, bool Verbose, int? Parallelism = null);
