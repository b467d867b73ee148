using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Pki;
using Conformance.Reports;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Reports;

/// <summary>
/// No private key of a run — neither as PEM nor as the base64 of its bytes — appears in any report or in the
/// implementation's captured output. Checked against the keys the harness itself issued for a real run.
/// </summary>
public sealed class KeyMaterialTests
{
    [Fact]
    public async Task Reports_and_logs_of_a_real_run_hold_no_byte_of_its_private_keys()
    {
        var ct = TestContext.Current.CancellationToken;
        var profile = ProfileLoader.Load(RepoPaths.Profile("reference.yaml"));
        var options = new RunOptions { Seed = 11, Suites = ["plaintext", "san", "secret-validation"] };
        var runner = new ScenarioRunner(TimeProvider.System);
        await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);
        await env.Target.StartAsync(ct);

        // The secrets to look for: every private key this run issued, as PEM bodies and as raw-key base64.
        var pki = env.Pki!;
        var keys = new[] { pki.ServerLeaf, pki.Clients!.Valid, pki.Clients.Expired }
            .Select(c => PemWriter.PrivateKeyPem(c.Certificate))
            .Concat([PemWriter.PrivateKeyPem(pki.Issuer!.Certificate)])
            .ToList();
        var fragments = keys
            .Select(pem => string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))))
            .SelectMany(b64 => Enumerable.Range(0, Math.Max(1, (b64.Length - 32) / 16)).Select(i => b64.Substring(i * 16, 32)))
            .ToList();

        var results = new List<Model.ScenarioResult>();
        foreach (var scenario in ScenarioRunner.Select(Catalog.All, options))
        {
            results.Add(await runner.RunScenarioAsync(env, scenario, options, ct));
        }

        var run = ScenarioRunner.Finish(profile, options, DateTimeOffset.UtcNow, 0, results, null);
        using var dir = RunWorkspace.Create("conformance-keys-");
        await ReportSet.WriteAsync(run, dir.Path, ct);
        var texts = Directory.EnumerateFiles(dir.Path).Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .Append(("captured output", string.Join('\n', env.Target.Logs.Select(l => l.Text))))
            .ToList();

        Assert.Contains(results, r => r.Id == "SV-03" && r.Verdict == Model.VerdictKind.Pass);
        foreach (var (name, text) in texts)
        {
            Assert.False(ReportSafety.ContainsPrivateKeyMaterial(text), $"{name} holds a PEM private key block");
            Assert.DoesNotContain(fragments, f => text.Contains(f, StringComparison.Ordinal));
        }
    }
}
