using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Reports;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Adapter;

/// <summary>
/// One engine: <c>conformance run</c> and <c>dotnet test</c> give the same verdict per scenario. The CLI runs as a child
/// process; so does this assembly's own test runner, filtered to <see cref="ScenarioTests"/> with
/// <c>CONFORMANCE_PROFILE</c>, <c>CONFORMANCE_SEED</c> and <c>CONFORMANCE_REPORTS</c> set, the adapter exactly as a user
/// runs it. Both results.json must agree scenario by scenario (and on the exit code), and each test case's outcome
/// must be its verdict's (pass passed, not-applicable skipped, fail and error failed).
/// </summary>
public sealed class SameVerdictsTests : IDisposable
{
    private const int Seed = 4242;

    /// <summary>A reference run takes about 45 s alone (its rotations put 20,000 requests through the target each).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-same-verdicts-");

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// The reference (every phase: concurrent scenarios, the acting rotations in order, served controls) and two mutants
    /// that are fast to judge and caught in different suites: one SAN-01 fail, one PT-01 fail.
    /// </summary>
    public static TheoryData<string> Profiles => ["reference.yaml", "mutants/SanMissing.yaml", "mutants/PlaintextAnswered.yaml"];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Dotnet_test_and_conformance_run_give_the_same_verdict_per_scenario(string relative)
    {
        var ct = TestContext.Current.CancellationToken;
        var profile = RepoPaths.Profile(relative);
        var name = Path.GetFileNameWithoutExtension(relative);
        var cliRuns = _dir.File($"{name}-cli");
        var adapterRuns = _dir.File($"{name}-adapter");
        var xml = _dir.File($"{name}-xunit.xml");
        var seed = Seed.ToString(CultureInfo.InvariantCulture);

        var clock = Stopwatch.StartNew();
        var cli = CliProcess.RunAsync(CliProcess.DotnetHost, [Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "run", "--profile", profile, "--seed", seed, "--out", cliRuns], Bound, ct);
        var adapter = CliProcess.RunAsync(
            CliProcess.DotnetHost,
            [typeof(ScenarioTests).Assembly.Location, "-class", typeof(ScenarioTests).FullName!, "-noLogo", "-noColor", "-noAutoReporters", "-result-xml", xml],
            Bound,
            ct,
            new Dictionary<string, string> { ["CONFORMANCE_PROFILE"] = profile, ["CONFORMANCE_SEED"] = seed, ["CONFORMANCE_REPORTS"] = adapterRuns });
        var ((cliCode, cliOut, cliErr), (testCode, testOut, testErr)) = (await cli, await adapter);
        TestContext.Current.TestOutputHelper?.WriteLine($"{relative}: both runs in {clock.Elapsed.TotalSeconds:0.0} s (CLI exit {cliCode}, test runner exit {testCode})");

        var byCli = ReadRun(cliRuns, $"conformance run exited {cliCode}:{Environment.NewLine}{cliOut}{Environment.NewLine}{cliErr}");
        var byAdapter = ReadRun(adapterRuns, $"the test runner exited {testCode}:{Environment.NewLine}{testOut}{Environment.NewLine}{testErr}");
        var diagnosis = $"{Environment.NewLine}conformance run:{Environment.NewLine}{Describe(byCli)}{Environment.NewLine}dotnet test:{Environment.NewLine}{Describe(byAdapter)}";

        var catalog = Catalog.All.Select(s => s.Info.Id).ToList();
        Assert.Equal(catalog, byCli.Scenarios.Select(s => s.Id));
        Assert.Equal(catalog, byAdapter.Scenarios.Select(s => s.Id));
        Assert.True(byCli.Scenarios.Select(s => s.Verdict).SequenceEqual(byAdapter.Scenarios.Select(s => s.Verdict)), $"the two runs of {relative} disagree:{diagnosis}");
        Assert.Equal(byCli.ExitCode, cliCode);
        Assert.Equal(byCli.ExitCode, byAdapter.ExitCode);
        Assert.Equal((Seed, Seed), (byCli.Seed, byAdapter.Seed));
        Assert.Equal(byCli.ProfilePath, byAdapter.ProfilePath);

        // Each test case says what its scenario's verdict says, and the runner fails exactly when a case failed.
        var outcomes = TestOutcomes(xml);
        var expected = byAdapter.Scenarios.ToDictionary(s => s.Id, s => s.Verdict switch
        {
            VerdictKind.Pass => "Pass",
            VerdictKind.NotApplicable => "Skip",
            _ => "Fail",
        });
        var disagreeing = expected
            .Select(e => (e.Key, Verdict: e.Value, Case: outcomes.TryGetValue(e.Key, out var found) ? found : ("missing", null)))
            .Where(x => x.Case.Result != x.Verdict)
            .Select(x => $"{x.Key}: verdict {x.Verdict}, test case {x.Case.Result}: {x.Case.Message}")
            .ToList();
        Assert.True(disagreeing.Count == 0 && outcomes.Count == expected.Count, $"test cases that disagree with their scenario's verdict:{Environment.NewLine}{string.Join(Environment.NewLine, disagreeing)}{diagnosis}");
        Assert.Equal(expected.ContainsValue("Fail") ? 1 : 0, testCode);
        Assert.Contains(byCli.Scenarios, s => s.Verdict == VerdictKind.Pass);
    }

    [Fact]
    public async Task A_profile_conformance_run_refuses_fails_every_test_case_with_the_same_line_and_no_report()
    {
        var ct = TestContext.Current.CancellationToken;
        var profile = _dir.File("unknown-key.yaml");
        await File.WriteAllTextAsync(profile, "apiVersion: conformance/v1\nname: unknown-key\nbogus: 1\n", ct);
        var cliRuns = _dir.File("refused-cli");
        var adapterRuns = _dir.File("refused-adapter");
        var xml = _dir.File("refused-xunit.xml");

        var (cliCode, _, cliErr) = await CliProcess.RunAsync(CliProcess.DotnetHost, [Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "run", "--profile", profile, "--out", cliRuns], Bound, ct);
        var (testCode, testOut, testErr) = await CliProcess.RunAsync(
            CliProcess.DotnetHost,
            [typeof(ScenarioTests).Assembly.Location, "-class", typeof(ScenarioTests).FullName!, "-noLogo", "-noColor", "-noAutoReporters", "-result-xml", xml],
            Bound,
            ct,
            new Dictionary<string, string> { ["CONFORMANCE_PROFILE"] = profile, ["CONFORMANCE_REPORTS"] = adapterRuns });

        Assert.Equal(ExitCodes.BadUsage, cliCode);
        var line = Assert.Single(cliErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("bogus", line, StringComparison.Ordinal);
        Assert.Equal(1, testCode);
        var failures = XDocument.Load(xml).Descendants("test").ToList();
        Assert.Equal(Catalog.All.Count, failures.Count);
        Assert.All(failures, t =>
        {
            Assert.Equal("Fail", t.Attribute("result")!.Value);
            Assert.Equal($"error: the implementation could not be judged: {line["error: ".Length..]}", t.Descendants("message").Single().Value);
        });
        Assert.False(Directory.Exists(adapterRuns), $"a refused profile wrote reports: {testOut}{Environment.NewLine}{testErr}");
    }

    private static RunResult ReadRun(string runs, string context)
    {
        var json = Path.Combine(runs, RunOutput.Latest, "results.json");
        Assert.True(File.Exists(json), $"no {json}: {context}");
        return JsonReport.Read(json);
    }

    /// <summary>
    /// Test case outcome (Pass, Skip, Fail) and its failure or skip message by scenario ID, from the xUnit v2 XML result file. The file carries no
    /// theory row's traits, so the ID is read from the display name ScenarioTests gives each row ("ID Title").
    /// </summary>
    private static Dictionary<string, (string Result, string? Message)> TestOutcomes(string xml)
    {
        Assert.True(File.Exists(xml), $"the test runner wrote no {xml}");
        return XDocument.Load(xml).Descendants("test").ToDictionary(
            t => t.Attribute("name")!.Value.Split(' ')[0],
            t => (t.Attribute("result")!.Value, (string?)t.Descendants("message").FirstOrDefault() ?? (string?)t.Descendants("reason").FirstOrDefault()));
    }

    private static string Describe(RunResult run) =>
        string.Join(Environment.NewLine, run.Scenarios.Select(s => $"  {s.Id} {s.Verdict}: {s.Reason}"));
}
