using Conformance.Engine;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Rotation;

/// <summary>
/// RT-05: the harness checks itself on this target: a CA swapped without overlap must show drops in the old-trust
/// population from the switch on, and none before. It judges the harness, never the implementation.
/// </summary>
public sealed class RT05_MeasurementSensitivity : IScenario
{
    public ScenarioInfo Info { get; } = Rotations.Scenario(
        "RT-05",
        "The drop measurement is sensitive on this target",
        "Sensitivity check of the measurement on this target: the harness deliberately rotates the CA without overlap and must count the old-trust population's failures from the switch on (none before). Pass = the drops were seen; otherwise error, and RT-01/RT-02 on this target are reported as error too.",
        Rotations.AppliesHot) with
    {
        Produces = [Sensitivity.Fact],
    };

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var result = await Sensitivity.GetAsync(ctx, cancellationToken);
        return result.DropsSeen ? Verdict.Pass(result.Reason) : Verdict.Error(result.Reason);
    }
}
