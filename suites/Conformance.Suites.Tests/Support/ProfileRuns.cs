using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;

namespace Conformance.Suites.Tests.Support;

/// <summary>Runs the whole catalog against a shipped profile, the way <c>conformance run</c> does.</summary>
internal static class ProfileRuns
{
    public static async Task<RunResult> RunAsync(string relativeProfile, CancellationToken ct, int seed = 4242)
    {
        var profile = ProfileLoader.Load(RepoPaths.Profile(relativeProfile));
        return await new ScenarioRunner(TimeProvider.System).RunAsync(profile, Catalog.All, new RunOptions { Seed = seed, LoadRequests = 3_000 }, null, ct);
    }

    public static string Describe(RunResult run) =>
        string.Join(Environment.NewLine, run.Scenarios.Select(s => $"{s.Id} {s.Verdict}: {s.Reason}"));
}
