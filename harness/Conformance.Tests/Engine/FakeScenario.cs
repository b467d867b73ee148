using Conformance.Engine;
using Conformance.Model;

namespace Conformance.Tests.Engine;

/// <summary>A scenario that only carries its info: for tests of what the engine does with declarations.</summary>
internal sealed class FakeScenario(ScenarioInfo info) : IScenario
{
    public ScenarioInfo Info { get; } = info;

    public static FakeScenario Of(string id, bool acts = false, IReadOnlyList<RunFact>? produces = null, IReadOnlyList<RunFact>? consumes = null, bool readsWholeRun = false) =>
        new(new ScenarioInfo(id, "fake", Level.Must, id, id, "fake", _ => null)
        {
            ActsOnTarget = acts,
            ReadsWholeRun = readsWholeRun,
            Produces = produces ?? [],
            Consumes = consumes ?? [],
        });

    public Task<Verdict> RunAsync(ScenarioContext context, CancellationToken cancellationToken) => Task.FromResult(Verdict.Pass("fake"));
}
