namespace Conformance.Suites.Tests.Containers;

/// <summary>
/// The container tests run after the parallel tests, one at a time: each starts containers, rotations and load on a
/// shared engine, and alongside the other suites' load tests they would measure the machine rather than the target.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ContainerCollection
{
    public const string Name = "containers";
}
