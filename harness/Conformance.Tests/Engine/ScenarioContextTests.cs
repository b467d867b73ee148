using Conformance.Engine;
using Conformance.Model;
using Conformance.Probes;
using Conformance.Profiles;
using Conformance.Tests.Support;

namespace Conformance.Tests.Engine;

/// <summary>
/// The scenario context hands out what changes the target, and the run's facts, only to a scenario that declared
/// them: an undeclared use is the scenario's defect and throws (the runner records a harness error, never a verdict).
/// </summary>
public sealed class ScenarioContextTests
{
    private static readonly RunFact<List<string>> Journal = new("test journal", () => []);

    private static Profile Reference() => ReferenceProfiles.Minimal("context-test");

    private static ScenarioContext Context(RunEnvironment env, ScenarioInfo info) => new(env, info, 7, new ProbeOptions(), TimeProvider.System);

    private static ScenarioInfo Info(string id) => new(id, "test", Level.Must, id, id, "test", _ => null);

    [Fact]
    public async Task Actions_variants_swaps_and_facts_are_refused_to_a_scenario_that_did_not_declare_them()
    {
        await using var env = RunEnvironment.Prepare(Reference(), TimeProvider.System);
        var ctx = Context(env, Info("X-01"));

        Assert.Contains("X-01 uses the target's actions without declaring the capability", Assert.Throws<InvalidOperationException>(() => ctx.Actions).Message, StringComparison.Ordinal);
        Assert.Contains("start-variant", (await Assert.ThrowsAsync<InvalidOperationException>(() => ctx.StartVariantAsync(new Dictionary<string, string>(), TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken))).Message, StringComparison.Ordinal);
        Assert.Contains("swap-certificate", (await Assert.ThrowsAsync<InvalidOperationException>(() => ctx.ReplaceServerCertificateAsync("", "", TestContext.Current.CancellationToken))).Message, StringComparison.Ordinal);
        Assert.Contains("'test journal' without declaring it", Assert.Throws<InvalidOperationException>(() => ctx.Fact(Journal)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declared_capability_and_fact_are_handed_out_and_the_fact_is_one_value_per_run()
    {
        await using var env = RunEnvironment.Prepare(Reference(), TimeProvider.System);
        var producer = Context(env, Info("X-01") with { Requires = TargetCapability.SwapCertificate, Produces = [Journal] });
        var consumer = Context(env, Info("X-02") with { Consumes = [Journal] });

        Assert.NotNull(producer.Actions);
        producer.Fact(Journal).Add("written by X-01");

        Assert.Equal(["written by X-01"], consumer.Fact(Journal));
        await using var other = RunEnvironment.Prepare(Reference(), TimeProvider.System);
        Assert.Empty(Context(other, Info("X-02") with { Consumes = [Journal] }).Fact(Journal));
    }

    [Fact]
    public void The_reason_for_a_missing_capability_comes_from_the_declaration_after_the_claims_and_before_the_own_rule()
    {
        var endpoint = Reference() with { Target = Reference().Target with { Kind = TargetKind.Endpoint } };
        var info = Info("X-01") with { Requires = TargetCapability.SwapCertificate, RequiresFor = "rotating the served certificate" };

        Assert.Equal("rotating the served certificate needs the target capability swap-certificate, which the 'endpoint' target does not have", info.WhyNotApplicable(endpoint));
        Assert.Equal("not claimed", (info with { NotClaimedBecause = _ => "not claimed" }).WhyNotApplicable(endpoint));
        Assert.Equal("own rule", (info with { NotApplicableBecause = _ => "own rule" }).WhyNotApplicable(Reference()));
        Assert.Null(info.WhyNotApplicable(Reference()));
    }
}
