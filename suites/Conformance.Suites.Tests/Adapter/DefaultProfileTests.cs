using System.Globalization;
using System.Text.RegularExpressions;
using Conformance.Cli.Console;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Adapter;

/// <summary>
/// <c>conformance run</c> without --profile judges the reference with a profile that claims everything the catalog can
/// judge: every scenario gets a pass, none is not-applicable, none an error.
/// </summary>
public sealed partial class DefaultProfileTests
{
    [Fact]
    public void Default_profile_is_the_complete_overlay_of_the_reference()
    {
        Assert.Equal("complete.yaml", Path.GetFileName(FixturePaths.DefaultProfile));
        Assert.Equal("reference.yaml", Path.GetFileName(FixturePaths.ReferenceProfile));
        Assert.StartsWith("extends: reference.yaml", File.ReadAllLines(RepoPaths.Profile("complete.yaml"))[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_run_passes_every_scenario_of_the_catalog_with_the_profiles_own_load()
    {
        var profile = ProfileLoader.Load(RepoPaths.Profile("complete.yaml"));

        // No load override: the profile's load.requests, as `conformance run` uses it.
        var run = await new ScenarioRunner(TimeProvider.System).RunAsync(profile, Catalog.All, new RunOptions { Seed = 4242 }, null, TestContext.Current.CancellationToken);

        Assert.Equal(Catalog.All.Select(s => s.Info.Id), run.Scenarios.Select(s => s.Id));
        Assert.True(run.Scenarios.All(s => s.Verdict == VerdictKind.Pass), ProfileRuns.Describe(run));
        Assert.Equal(ExitCodes.Conformant, run.ExitCode);

        var rt01 = LoadTotal().Match(run.Scenarios.Single(s => s.Id == "RT-01").Reason!);
        Assert.True(rt01.Success, "RT-01's reason names its request count");
        var requests = long.Parse(rt01.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(requests, profile.LoadRequests!.Value, RunOptions.DefaultLoadRequests - 1);
    }

    [GeneratedRegex(@"^0 of (\d+) requests failed")]
    private static partial Regex LoadTotal();
}
