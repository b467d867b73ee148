using System.Diagnostics;
using System.Text.Json;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Hostile;

/// <summary>
/// The hostile corpus: servers that accept and stay silent, answer random bytes, never accept, or refuse everything,
/// each judged through the real CLI against a profile that claims every property (TLS with plaintext refused, a
/// redirect port, SNI, a TLS floor). Nothing served means nothing to judge: never a pass, exit 3, and within bounds.
/// </summary>
public sealed class HostileCorpusTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-hostile-");

    public void Dispose() => _dir.Dispose();

    /// <summary>Every behaviour, with a plain TLS profile and with an mTLS one that holds the site's own client identity.</summary>
    public static IEnumerable<TheoryDataRow<HostileBehaviour, bool>> Behaviours() =>
        Enum.GetValues<HostileBehaviour>().SelectMany(b => new[] { new TheoryDataRow<HostileBehaviour, bool>(b, false), new TheoryDataRow<HostileBehaviour, bool>(b, true) });

    [Theory]
    [MemberData(nameof(Behaviours))]
    public async Task Hostile_endpoint_gets_no_pass_and_exits_3_within_30_seconds(HostileBehaviour behaviour, bool mutualTls)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var https = HostileServer.Start(behaviour);
        await using var http = HostileServer.Start(behaviour);
        var name = mutualTls ? $"{behaviour}-mtls" : $"{behaviour}";
        var profile = _dir.File($"{name}.yaml");
        await HostileProfile.WriteAsync(profile, $"hostile-{name}", https.Port, http.Port, ct, mutualTls);

        var (code, scenarios, elapsed) = await RunAsync(profile, TimeSpan.FromSeconds(90), ct);

        Assert.DoesNotContain(scenarios, s => s.Verdict == "pass");
        if (mutualTls)
        {
            // The site's valid client certificate is known, so a refusal in the handshake (alert 40, 42 or 116) is no
            // longer an answer: only an HTTP answer to that certificate makes the endpoint served.
            Assert.Equal("error", scenarios.Single(s => s.Id == "MT-01").Verdict);
        }

        Assert.True(code == ExitCodes.InfrastructureError, $"exit {code}: {Describe(scenarios)}");
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"{name}: took {elapsed.TotalSeconds:0.0} s: {Describe(scenarios)}");
    }

    [Fact]
    public async Task Process_that_listens_but_never_accepts_with_a_restart_reload_exits_3_within_60_seconds()
    {
        var ct = TestContext.Current.CancellationToken;
        var script = _dir.File("never_accepts.py");
        await File.WriteAllTextAsync(script, """
            import socket, sys, time
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", int(sys.argv[1])))
            s.listen(1)
            while True:
                time.sleep(3600)
            """, ct);
        var profile = _dir.File("never-accepts-process.yaml");
        await File.WriteAllTextAsync(profile, $"""
            apiVersion: conformance/v1
            name: hostile-never-accepts-process
            target:
              kind: process
              command: python3
              args: ["{script}", "{"{"}port:https{"}"}"]
              ready: {"{"} tcp: "{"{"}port:https{"}"}", within: 10s {"}"}
              stopTimeout: 2s
            endpoints:
              https: {"{"} port: "{"{"}port:https{"}"}", serverName: app.hostile.test {"}"}
            pki:
              serverNames: [app.hostile.test]
            claims:
              tls: {"{"} min: "1.2" {"}"}
              reload: {"{"} mode: restart, budget: 5s, downtimeBudget: 5s {"}"}
              content: {"{"} path: /, marker: hostile-content-marker {"}"}
            """, ct);

        var (code, scenarios, elapsed) = await RunAsync(profile, TimeSpan.FromSeconds(180), ct);

        Assert.Equal("error", scenarios.Single(s => s.Id == "RT-01").Verdict);
        Assert.DoesNotContain(scenarios, s => s.Verdict == "pass");
        Assert.True(code == ExitCodes.InfrastructureError, $"exit {code}: {Describe(scenarios)}");
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"took {elapsed.TotalSeconds:0.0} s: {Describe(scenarios)}");
    }

    private static string Describe(IEnumerable<(string Id, string Verdict, string Reason)> scenarios) =>
        Environment.NewLine + string.Join(Environment.NewLine, scenarios.Select(s => $"{s.Id} {s.Verdict}: {s.Reason}"));

    private async Task<(int Code, List<(string Id, string Verdict, string Reason)> Scenarios, TimeSpan Elapsed)> RunAsync(string profile, TimeSpan within, CancellationToken ct)
    {
        var runs = _dir.File($"runs-{Path.GetFileNameWithoutExtension(profile)}");
        var clock = Stopwatch.StartNew();
        var (code, stdout, stderr) = await CliProcess.RunAsync(
            CliProcess.DotnetHost, [Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "run", "--profile", profile, "--out", runs], within, ct);
        var elapsed = clock.Elapsed;
        var json = Path.Combine(runs, "latest", "results.json");
        Assert.True(File.Exists(json), $"no results.json (exit {code}){Environment.NewLine}{stdout}{Environment.NewLine}{stderr}");
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, ct));
        var scenarios = doc.RootElement.GetProperty("scenarios").EnumerateArray()
            .Select(s => (s.GetProperty("id").GetString()!, s.GetProperty("verdict").GetString()!, s.TryGetProperty("reason", out var r) ? r.GetString() ?? string.Empty : string.Empty))
            .ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"{Path.GetFileName(profile)}: exit {code} in {elapsed.TotalSeconds:0.0} s{Describe(scenarios)}");
        return (code, scenarios, elapsed);
    }
}
