using Conformance.Model;
using Conformance.Reports;

namespace Conformance.Suites.Tests.Support;

/// <summary>Hand-made run results for the report verbs' tests: fixed version, profile, seed and start, so only the scenarios differ.</summary>
internal static class SyntheticRuns
{
    public static RunResult Run(params ScenarioResult[] scenarios) => new()
    {
        HarnessVersion = "0.1.0-test",
        Profile = "reference",
        Target = "process",
        Seed = 7,
        StartedUtc = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
        DurationMs = 1234,
        Verdicts = VerdictCounts.From(scenarios),
        ExitCode = ExitCodes.For(scenarios, Level.Must, infrastructureError: false),
        FailOn = Level.Must,
        Scenarios = scenarios,
    };

    /// <summary>Writes <paramref name="run"/> as results.json at <paramref name="path"/> and returns the path.</summary>
    public static string Write(string path, RunResult run)
    {
        File.WriteAllText(path, JsonReport.Serialize(run));
        return path;
    }
}
