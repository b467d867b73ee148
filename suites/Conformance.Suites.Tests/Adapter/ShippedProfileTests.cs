using Conformance.Model;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Adapter;

/// <summary>The reference implementation, in each system's mode, passes every scenario its profile selects.</summary>
public sealed class ShippedProfileTests
{
    [Theory]
    [InlineData("reference.yaml")]
    [InlineData("feldera.yaml")]
    [InlineData("flux.yaml")]
    [InlineData("direktiv.yaml")]
    [InlineData("knative.yaml")]
    [InlineData("complete.yaml")]
    public async Task Reference_passes_every_applicable_scenario_in_this_mode(string profile)
    {
        var run = await ProfileRuns.RunAsync(profile, TestContext.Current.CancellationToken);

        Assert.True(run.Scenarios.All(s => s.Verdict is VerdictKind.Pass or VerdictKind.NotApplicable), ProfileRuns.Describe(run));
        Assert.Equal(ExitCodes.Conformant, run.ExitCode);
        Assert.Contains(run.Scenarios, s => s.Verdict == VerdictKind.Pass);
    }
}
