namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// The interruption matrix runs after the parallel tests, on its own: its bounds (3 s after a first signal, 1 s after a
/// second) are the user's wall-clock promise, and measured alongside both test assemblies' load tests on two cores they
/// would time the machine's run queue (a second signal's exit was once seen at 1183 ms that way) rather than the CLI.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InterruptCollection
{
    public const string Name = "interruption";
}
