using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Model;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Verdicts;

/// <summary>
/// SV-04 with the real reference in flux mode (process target): the served Secret replaced by an invalid one at run
/// time, the restart refused, the valid Secret restored and served again; the cached-pair mutant caught, the
/// invalid-Secret-ignoring mutant left to SV-01. And PT-02 on Flux's per-endpoint old ports.
/// </summary>
public sealed class RuntimeSecretTests
{
    [Fact]
    public async Task Sv04_passes_when_the_restart_after_a_runtime_invalid_secret_is_refused_and_the_restored_secret_serves()
    {
        var run = await RunAsync(File.ReadAllText(RepoPaths.Profile("flux.yaml")), "flux.yaml", "SV-04");

        var sv04 = run.Scenarios.Single(s => s.Id == "SV-04");
        Assert.True(sv04.Verdict == VerdictKind.Pass, $"{sv04.Verdict}: {sv04.Reason}");
        Assert.Contains("exited with code 2 before it was ready", sv04.Reason, StringComparison.Ordinal);
        Assert.Contains("positive control", sv04.Reason, StringComparison.Ordinal);
        var restarts = sv04.Evidence.OfType<ActionEvidence>().Where(a => a.Action == "restart").ToList();
        Assert.Equal(2, restarts.Count);
        Assert.Contains("did not start", restarts[0].Detail, StringComparison.Ordinal);
        Assert.Contains("started and ready", restarts[1].Detail, StringComparison.Ordinal);

        // Reported, not judged: flux mode exits by itself on the change, and after the refused restart nothing serves.
        var notes = sv04.Evidence.OfType<NoteEvidence>().Select(n => n.Text).ToList();
        Assert.Contains(notes, n => n.StartsWith("the running instance after the change (reported, not judged", StringComparison.Ordinal) && n.Contains("served nothing", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("after the refused restart the endpoint served nothing", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Conformant, run.ExitCode);
    }

    [Fact]
    public async Task Sv04_fails_a_restart_that_serves_the_pair_cached_before_the_change_while_sv01_still_passes()
    {
        var run = await RunAsync(File.ReadAllText(RepoPaths.Profile("mutants/StartsWithCachedPair.yaml")), "mutants/StartsWithCachedPair.yaml", "SV-01", "SV-04");

        Assert.Equal(VerdictKind.Pass, run.Scenarios.Single(s => s.Id == "SV-01").Verdict);
        var sv04 = run.Scenarios.Single(s => s.Id == "SV-04");
        Assert.Equal(VerdictKind.Fail, sv04.Verdict);
        Assert.Contains("served the certificate it had before the change", sv04.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sv04_leaves_an_invalid_secret_ignored_at_any_start_to_sv01()
    {
        var run = await RunAsync(File.ReadAllText(RepoPaths.Profile("mutants/StartsWithInvalidSecret.yaml")), "mutants/StartsWithInvalidSecret.yaml", "SV-04");

        var sv04 = run.Scenarios.Single(s => s.Id == "SV-04");
        Assert.Equal(VerdictKind.NotApplicable, sv04.Verdict);
        Assert.Contains("which SV-01 judges", sv04.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pt02_judges_each_old_port_claimed_closed_and_fails_the_one_still_listening()
    {
        // flux.yaml with the source-controller's redirecting port claimed closed as well: the reference still listens
        // there, so PT-02 fails on that port while the notification-controller's passes.
        const string yaml = """
            extends: flux.yaml
            endpoints:
              http: { plaintext: closed, redirectsTo: ~ }
            claims:
              oldPort: { http: closed, events-http: closed }
              redirect: ~
            """;

        var run = await RunAsync(yaml, "flux-both-closed.yaml", "PT-02");

        var pt02 = run.Scenarios.Single(s => s.Id == "PT-02");
        Assert.Equal(VerdictKind.Fail, pt02.Verdict);
        Assert.Contains("events-http: old port", pt02.Reason, StringComparison.Ordinal);
        Assert.Contains("is closed (connection refused)", pt02.Reason, StringComparison.Ordinal);
        Assert.Contains("http: old port", pt02.Reason, StringComparison.Ordinal);
        Assert.Contains("is still open", pt02.Reason, StringComparison.Ordinal);
    }

    private static async Task<RunResult> RunAsync(string yaml, string relativeSource, params string[] ids)
    {
        var profile = ProfileLoader.Parse(yaml, RepoPaths.Profile(relativeSource));
        var scenarios = ids.Select(id => Catalog.Find(id)!).ToList();
        return await new ScenarioRunner(TimeProvider.System).RunAsync(profile, scenarios, new RunOptions { Seed = 4242 }, null, TestContext.Current.CancellationToken);
    }
}
