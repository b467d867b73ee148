using System.Diagnostics;
using Conformance.Cli.Console;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance bench --container</c>: how long a container target takes from the start call to ready (fresh
/// container each time: create, copy the run's files in, start, ready wait), how long its removal takes, and the
/// wall time of a full run of every scenario on the container profile next to the same run on the process profile.
/// </summary>
internal static class ContainerBench
{
    public static async Task<int> RunAsync(TextWriter output, TextWriter error, IReadOnlyList<string> profiles, int iterations, CancellationToken ct)
    {
        var list = profiles.Count > 0
            ? profiles
            : [Path.Combine(FixturePaths.ProfilesDirectory, "reference-container.yaml"), Path.Combine(FixturePaths.ProfilesDirectory, "nginx-container.yaml")];
        output.WriteLine($"bench --container: start-to-ready of {iterations} fresh container(s) per profile (median, min-max); then one full run (every scenario) per profile");
        foreach (var path in list)
        {
            if (BenchProfiles.Load(path, error) is not { } profile)
            {
                return ExitCodes.BadUsage;
            }

            var starts = new List<double>();
            var removals = new List<double>();
            try
            {
                for (var i = 0; i < iterations; i++)
                {
                    var env = RunEnvironment.Prepare(profile, TimeProvider.System);
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        await env.Target.StartAsync(ct);
                        starts.Add(clock.Elapsed.TotalMilliseconds);
                    }
                    finally
                    {
                        clock.Restart();
                        await env.DisposeAsync();
                        removals.Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
            }
            catch (TargetException e)
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.InfrastructureError;
            }

            output.WriteLine($"{profile.Name,-22} start-to-ready {Median(starts),7:0} ms ({starts.Min():0}-{starts.Max():0}); stop+remove {Median(removals),6:0} ms");
            var wall = await FullRunAsync(profile, ct);
            output.WriteLine($"{profile.Name,-22} full run {wall.Seconds,7:0.0} s wall ({wall.Verdicts})");
            if (ProcessTwin(path) is { } twin)
            {
                var process = await FullRunAsync(ProfileLoader.Load(twin), ct);
                output.WriteLine($"{Path.GetFileNameWithoutExtension(twin) + " (process)",-22} full run {process.Seconds,7:0.0} s wall ({process.Verdicts})");
            }
        }

        return ExitCodes.Conformant;
    }

    private static async Task<(double Seconds, string Verdicts)> FullRunAsync(Profile profile, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var run = await new ScenarioRunner(TimeProvider.System).RunAsync(profile, Catalog.All, new RunOptions { Seed = 7 }, null, ct);
        var c = run.Verdicts;
        return (clock.Elapsed.TotalSeconds, $"{c.Pass} pass, {c.Fail} fail, {c.NotApplicable} n/a, {c.Error} error");
    }

    // The process profile the shipped container profile mirrors, for the comparison.
    private static string? ProcessTwin(string containerProfile)
    {
        var name = Path.GetFileName(containerProfile) switch
        {
            "reference-container.yaml" => "reference.yaml",
            "nginx-container.yaml" => File.Exists("/usr/sbin/nginx") ? "nginx-rotation.yaml" : null,
            _ => null,
        };
        return name is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(containerProfile))!, name);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
