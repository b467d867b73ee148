using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Platform;

namespace Conformance.Suites.Tests.Verdicts;

/// <summary>
/// A target that stops answering must make every TLS scenario undecided: "nothing answered" is never a refusal (a
/// pass for the negative checks) nor a failed check.
/// </summary>
public sealed class DeadTargetTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-dead-");

    public void Dispose() => _dir.Dispose();

    public static IEnumerable<TheoryDataRow<string>> TlsScenarios() =>
        ["PT-01", "PT-04", "SAN-01", "SAN-02", "SAN-03", "SAN-04", "SAN-05", "TV-01", "TV-02", "TV-03"];

    [Theory]
    [MemberData(nameof(TlsScenarios))]
    public async Task Scenario_is_an_error_when_nothing_listens(string id)
    {
        var port = PortAllocator.Allocate();
        // A second TLS endpoint: PT-04 judges the endpoints besides the primary one (PT-01's).
        var api = PortAllocator.Allocate();
        var path = _dir.File("dead.yaml");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: conformance/v1
            name: dead
            target: {"{"} kind: endpoint {"}"}
            endpoints:
              https: {"{"} port: "{port}", serverName: app.ns.svc {"}"}
              api: {"{"} port: "{api}", serverName: app.ns.svc {"}"}
            pki:
              serverNames: [app.ns.svc]
              sni: {"{"} other: [other.ns.svc] {"}"}
            claims:
              tls: {"{"} min: "1.3", alpn: [h2] {"}"}
              sni: {"{"} unknown: refuse {"}"}
            """, TestContext.Current.CancellationToken);
        var profile = ProfileLoader.Load(path);
        await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);

        // The target is never started: the port stays closed, as for an implementation that died mid-run.
        var result = await new ScenarioRunner(TimeProvider.System).RunScenarioAsync(env, Catalog.Find(id)!, new RunOptions { Seed = 3 }, TestContext.Current.CancellationToken);

        Assert.True(result.Verdict == VerdictKind.Error, $"{id} gave {result.Verdict}: {result.Reason}");
    }
}
