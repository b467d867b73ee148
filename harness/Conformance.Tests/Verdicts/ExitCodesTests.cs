using Conformance.Model;

namespace Conformance.Tests.Verdicts;

public sealed class ExitCodesTests
{
    private static ScenarioResult R(string id, Level level, VerdictKind verdict) =>
        new(id, "s", level, "t", "r", "c", verdict, null, 0, []);

    [Fact]
    public void A_proven_failure_outranks_an_undecided_scenario()
    {
        var results = new[] { R("A-01", Level.Must, VerdictKind.Error), R("A-02", Level.Must, VerdictKind.Fail) };

        Assert.Equal(ExitCodes.NonConformant, ExitCodes.For(results, Level.Must, infrastructureError: true));
    }

    [Fact]
    public void An_error_at_a_gating_level_is_an_infrastructure_error_never_a_pass()
    {
        Assert.Equal(ExitCodes.InfrastructureError, ExitCodes.For([R("A-01", Level.Must, VerdictKind.Error)], Level.Must, false));
        Assert.Equal(ExitCodes.InfrastructureError, ExitCodes.For([R("A-01", Level.Must, VerdictKind.Pass)], Level.Must, true));
    }

    [Fact]
    public void Failures_below_the_gating_level_do_not_fail_the_run()
    {
        var results = new[] { R("A-01", Level.Should, VerdictKind.Fail), R("A-02", Level.May, VerdictKind.Error), R("A-03", Level.Must, VerdictKind.NotApplicable) };

        Assert.Equal(ExitCodes.Conformant, ExitCodes.For(results, Level.Must, false));
        Assert.Equal(ExitCodes.NonConformant, ExitCodes.For(results, Level.Should, false));
        Assert.Equal(ExitCodes.NonConformant, ExitCodes.For(results, Level.May, false));
    }
}
