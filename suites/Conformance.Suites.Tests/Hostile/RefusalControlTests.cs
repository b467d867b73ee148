using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Pki;

namespace Conformance.Suites.Tests.Hostile;

/// <summary>
/// Each refusal scenario, run alone (without the run's served gate) against a server that refuses everything or
/// answers garbage: the refusal has no served control and no cause on the wire, so the verdict is an error that
/// says so, never a pass.
/// </summary>
public sealed class RefusalControlTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-refusal-");

    public void Dispose() => _dir.Dispose();

    public static IEnumerable<TheoryDataRow<HostileBehaviour, string>> Cases() =>
        from b in new[] { HostileBehaviour.RefusesEverything, HostileBehaviour.RandomBytes }
        from id in new[] { "PT-01", "PT-03", "PT-04", "SAN-02", "SAN-04", "TV-01", "TV-02", "RD-04" }
        select new TheoryDataRow<HostileBehaviour, string>(b, id);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Refusal_without_a_served_control_is_an_error(HostileBehaviour behaviour, string id)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var https = HostileServer.Start(behaviour);
        await using var http = HostileServer.Start(behaviour);
        // PT-04 judges the TLS endpoints besides the primary one (PT-01's): it needs a second one to judge.
        await using var api = id == "PT-04" ? HostileServer.Start(behaviour) : null;
        var path = _dir.File("hostile.yaml");
        await HostileProfile.WriteAsync(path, "hostile", https.Port, http.Port, ct, apiPort: api?.Port);
        await using var env = RunEnvironment.Prepare(ProfileLoader.Load(path), TimeProvider.System);

        var result = await new ScenarioRunner(TimeProvider.System).RunScenarioAsync(env, Catalog.Find(id)!, new RunOptions { Seed = 5 }, ct);

        Assert.True(result.Verdict == VerdictKind.Error, $"{id} on {behaviour} gave {result.Verdict}: {result.Reason}");
        Assert.DoesNotContain("see inner exception", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("SSL_ERROR", result.Reason, StringComparison.Ordinal);
    }
}
