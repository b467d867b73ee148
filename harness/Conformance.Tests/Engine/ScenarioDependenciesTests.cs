using Conformance.Engine;

namespace Conformance.Tests.Engine;

/// <summary>
/// Declared run facts order the run: a consumer starts after every producer of the run, the catalog refuses a fact
/// nobody produces and producers and consumers that wait on each other in a circle.
/// </summary>
public sealed class ScenarioDependenciesTests
{
    private static readonly RunFact<object> A = new("fact a", () => new object());
    private static readonly RunFact<object> B = new("fact b", () => new object());

    [Fact]
    public void A_consumer_of_a_fact_no_scenario_produces_is_refused_when_the_catalog_is_built()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ScenarioDependencies.Checked([FakeScenario.Of("X-01", consumes: [A]), FakeScenario.Of("X-02")]));

        Assert.Contains("X-01 consumes the run fact 'fact a', which no other scenario in the catalog produces", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_that_only_consumes_its_own_fact_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => ScenarioDependencies.Checked([FakeScenario.Of("X-01", produces: [A], consumes: [A])]));
    }

    [Fact]
    public void A_cycle_of_declarations_is_refused_when_the_catalog_is_built()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ScenarioDependencies.Checked(
        [
            FakeScenario.Of("X-01", produces: [A], consumes: [B]),
            FakeScenario.Of("X-02", produces: [B], consumes: [A]),
            FakeScenario.Of("X-03"),
        ]));

        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
        Assert.Contains("X-01", e.Message, StringComparison.Ordinal);
        Assert.Contains("X-02", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("X-03", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_declarations_the_plan_is_the_phases_in_catalog_order()
    {
        IReadOnlyList<IScenario> run = [FakeScenario.Of("P-01"), FakeScenario.Of("L-01", readsWholeRun: true), FakeScenario.Of("R-02", acts: true), FakeScenario.Of("R-01", acts: true), FakeScenario.Of("P-02")];

        var plan = ScenarioDependencies.Plan(run, ScenarioDependencies.Producers(run));

        Assert.Equal([0, 4], plan.Concurrent);
        Assert.Equal([2, 3], plan.Serial);
        Assert.Equal([1], plan.Last);
    }

    [Fact]
    public void A_consumer_listed_before_its_producer_runs_after_it()
    {
        IReadOnlyList<IScenario> run = [FakeScenario.Of("R-01", acts: true, consumes: [A]), FakeScenario.Of("R-02", acts: true), FakeScenario.Of("R-05", acts: true, produces: [A])];

        var plan = ScenarioDependencies.Plan(run, ScenarioDependencies.Producers(ScenarioDependencies.Checked(run)));

        Assert.Equal([1, 2, 0], plan.Serial);
    }

    [Fact]
    public void A_concurrent_consumer_of_an_acting_producer_waits_for_it_in_the_serial_phase()
    {
        // Without the declaration L-04 would run at once beside the probes, before the scenario that writes what it reads.
        IReadOnlyList<IScenario> run = [FakeScenario.Of("L-04", consumes: [A]), FakeScenario.Of("P-01"), FakeScenario.Of("L-01", acts: true, produces: [A]), FakeScenario.Of("T-01", acts: true)];

        var plan = ScenarioDependencies.Plan(run, ScenarioDependencies.Producers(run));

        Assert.Equal([1], plan.Concurrent);
        Assert.Equal([2, 0, 3], plan.Serial);
        Assert.Empty(plan.Last);
    }

    [Fact]
    public void A_producer_left_out_of_the_selection_is_not_waited_for()
    {
        IReadOnlyList<IScenario> run = [FakeScenario.Of("R-01", acts: true, consumes: [A])];

        var producers = ScenarioDependencies.Producers(run);

        Assert.Empty(producers[0]);
        Assert.Equal([0], ScenarioDependencies.Plan(run, producers).Serial);
    }
}
