using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.TrustBundle;

/// <summary>
/// TB-01..04 beyond the shipped profile: both invalid-entry policies, the label value claimed, the name check, a declaration the implementation does not keep,
/// an upstream the implementation never calls (error, never fail), and applicability.
/// </summary>
public sealed class TrustBundleScenarioTests
{
    private static Profile Knative() => ProfileLoader.Load(RepoPaths.Profile("knative.yaml"));

    private static Profile WithPolicy(Profile p, string declared, string served) => p with
    {
        Target = p.Target with { Args = [.. p.Target.Args.Select(a => a == TrustBundleClaim.SkipEntry ? served : a)] },
        Claims = p.Claims with { TrustBundle = p.Claims.TrustBundle! with { InvalidEntry = declared } },
    };

    private static async Task<IReadOnlyList<ScenarioResult>> RunAsync(Profile profile, params string[] ids)
    {
        var run = await new ScenarioRunner(TimeProvider.System).RunAsync(profile, Catalog.All, new RunOptions { Seed = 77, Scenarios = ids }, null, TestContext.Current.CancellationToken);
        return run.Scenarios;
    }

    [Fact]
    public async Task Skip_key_declared_and_served_passes_TB02()
    {
        var result = Assert.Single(await RunAsync(WithPolicy(Knative(), TrustBundleClaim.SkipKey, TrustBundleClaim.SkipKey), "TB-02"));
        Assert.True(result.Verdict == VerdictKind.Pass, result.Reason);
        Assert.Contains("ignored with its key", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skip_key_declared_but_skip_entry_served_fails_TB02_and_says_why()
    {
        var result = Assert.Single(await RunAsync(WithPolicy(Knative(), TrustBundleClaim.SkipKey, TrustBundleClaim.SkipEntry), "TB-02"));
        Assert.Equal(VerdictKind.Fail, result.Verdict);
        Assert.Contains("skip-key declared, but the valid CA", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skip_entry_declared_but_skip_key_served_fails_TB02()
    {
        var result = Assert.Single(await RunAsync(WithPolicy(Knative(), TrustBundleClaim.SkipEntry, TrustBundleClaim.SkipKey), "TB-02"));
        Assert.Equal(VerdictKind.Fail, result.Verdict);
        Assert.Contains("skip-entry declared, but the valid CA after the invalid entry", result.Reason, StringComparison.Ordinal);
    }

    private static Profile Labelled(Profile p, string labelValue, string mutant) => p with
    {
        Target = p.Target with { Environment = new Dictionary<string, string>(p.Target.Environment) { ["CONFORMANCE_REFERENCE_MUTANT"] = mutant } },
        Claims = p.Claims with { TrustBundle = p.Claims.TrustBundle! with { LabelValue = labelValue } },
    };

    [Fact]
    public async Task Label_value_true_labels_the_bundle_true_and_says_other_values_are_not_judged()
    {
        Assert.Equal(TrustBundleClaim.LabelTrue, Knative().Claims.TrustBundle!.LabelValue);
        var result = Assert.Single(await RunAsync(Knative(), "TB-01"));
        Assert.True(result.Verdict == VerdictKind.Pass, result.Reason);
        Assert.Contains("networking.knative.dev/trust-bundle: true'", result.Reason, StringComparison.Ordinal);
        Assert.Contains(result.Evidence.OfType<Conformance.Evidence.NoteEvidence>(), n => n.Text.Contains("another value does is not judged", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(TrustBundleClaim.LabelTrue, VerdictKind.Pass)]
    [InlineData(TrustBundleClaim.LabelAny, VerdictKind.Fail)]
    public async Task An_activator_reading_only_true_keeps_the_documented_claim_and_breaks_the_any_claim(string labelValue, VerdictKind expected)
    {
        var result = Assert.Single(await RunAsync(Labelled(Knative(), labelValue, "BundleNeedsTrueLabel"), "TB-01"));
        Assert.True(result.Verdict == expected, $"{result.Verdict}: {result.Reason}");
    }

    [Fact]
    public async Task A_leaf_from_a_bundle_ca_without_the_verified_name_passes_TB04_on_the_reference_and_fails_it_when_names_go_unchecked()
    {
        var reference = Assert.Single(await RunAsync(Knative(), "TB-04"));
        Assert.True(reference.Verdict == VerdictKind.Pass, reference.Reason);
        Assert.Contains("was refused", reference.Reason, StringComparison.Ordinal);

        var mutant = Assert.Single(await RunAsync(Labelled(Knative(), TrustBundleClaim.LabelTrue, "SkipsUpstreamHostname"), "TB-04"));
        Assert.True(mutant.Verdict == VerdictKind.Fail, mutant.Reason);
        Assert.Contains("but not data-plane.knative.dev was trusted", mutant.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upstream_the_implementation_never_calls_is_an_error_not_a_fail()
    {
        var p = Knative();
        var elsewhere = p with { Claims = p.Claims with { TrustBundle = p.Claims.TrustBundle! with { Upstream = "{port:elsewhere}", PickupWithin = TimeSpan.FromSeconds(1) } } };
        var results = await RunAsync(elsewhere, "TB-01", "TB-02", "TB-03", "TB-04");
        Assert.All(results, r => Assert.True(r.Verdict == VerdictKind.Error, $"{r.Id} {r.Verdict}: {r.Reason}"));
        Assert.Contains("never reached the harness's upstream", results[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_applicable_without_the_claim_or_on_an_endpoint_target()
    {
        var p = Knative();
        var tb01 = Catalog.Find("TB-01")!.Info;
        Assert.Null(tb01.WhyNotApplicable(p));
        Assert.Contains("claims.trustBundle", tb01.WhyNotApplicable(p with { Claims = p.Claims with { TrustBundle = null } }), StringComparison.Ordinal);
        // The reason names the missing capability and the target kind that lacks it.
        Assert.Contains("needs the target capability write-trust-bundles", tb01.WhyNotApplicable(p with { Target = p.Target with { Kind = TargetKind.Endpoint } }), StringComparison.Ordinal);
        Assert.Contains("the 'endpoint' target does not have", tb01.WhyNotApplicable(p with { Target = p.Target with { Kind = TargetKind.Endpoint } }), StringComparison.Ordinal);
        Assert.Null(tb01.WhyNotApplicable(p with { Target = p.Target with { Kind = TargetKind.Container } }));
        Assert.Null(tb01.WhyNotApplicable(p with { Target = p.Target with { Kind = TargetKind.Kubernetes } }));
        Assert.All(Catalog.All.Where(s => s.Info.Suite == "trust-bundle"), s => Assert.True(s.Info.ActsOnTarget));
    }
}
