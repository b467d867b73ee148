using System.CommandLine;
using System.Diagnostics;
using Conformance.Cli.Console;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Suites;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance bench</c>: wall time of the PT/RD/SAN scenarios against the reference and (when installed) nginx,
/// in one run, per profile and per endpoint. Target start-up is timed separately from the scenarios. With
/// <c>--reports</c> it measures the report renderers on synthetic results instead (<see cref="ReportBench"/>).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var profiles = new Option<string[]>("--profile", "-p") { Description = "Profiles to measure (default: reference, and nginx when /usr/sbin/nginx exists).", AllowMultipleArgumentsPerToken = true }.Takes("profile file paths");
        var iterations = new Option<int>("--iterations", "-n") { Description = "Runs per profile; the median is reported.", DefaultValueFactory = _ => 5 }.Takes("a whole number (used between 1 and 50)");
        var reports = new Option<bool>("--reports") { Description = "Measure the report renderers on synthetic results instead of running profiles." };
        var count = new Option<int>("--count") { Description = "With --reports: how many synthetic results.", DefaultValueFactory = _ => 10_000 }.Takes("a whole number");
        var seed = new Option<int>("--seed") { Description = "With --reports: the Bogus seed of the synthetic results.", DefaultValueFactory = _ => 7 }.Takes(OptionForms.AnyWholeNumber.Replace("0 to", "-2147483648 to", StringComparison.Ordinal));
        var load = new Option<bool>("--load") { Description = "Only the load engine against nginx: keep-alive req/s vs wrk, handshakes/s vs openssl s_time, bytes per record." };
        var handshakes = new Option<bool>("--handshakes") { Description = "Measure the handshake and version probes against the reference (median of --count, default 200)." };
        var container = new Option<bool>("--container") { Description = "Container target: start-to-ready of fresh containers (median of --iterations) and the wall time of a full run, next to the process profile's." };
        var run = new Option<bool>("--run") { Description = "Time a whole run (default: every suite on the reference) with scenarios in parallel and serially, per suite." };
        var repeat = new Option<int?>("--repeat") { Description = "Run N times and compare the verdicts: prints each run's fingerprint, then 'identical' or the differences (exit 1)." }.WholeNumber(1, 1000);
        var suite = new Option<string[]>("--suite") { Description = "With --run/--repeat: only these suites.", AllowMultipleArgumentsPerToken = true }.Takes("suite names");
        var scenario = new Option<string[]>("--scenario") { Description = "With --repeat: only these scenario IDs.", AllowMultipleArgumentsPerToken = true }.Takes("scenario IDs");
        var command = new Command("bench", "Measure how long the plaintext, redirect and san suites take per endpoint, or (--run) a whole run parallel vs serial, or (--repeat N) whether N runs agree, or (--reports) how fast the reports render, or (--handshakes) how fast one probe is, or (--load) the load engine against wrk and openssl s_time, or (--container) the container target.") { profiles, iterations, reports, count, seed, handshakes, load, container, run, repeat, suite, scenario };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(container))
            {
                if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
                {
                    error.WriteLine($"error: bench --container: {Targets.BuildSupport.Missing(Profiles.TargetKind.Container)}");
                    return ExitCodes.BadUsage;
                }

                return await ContainerBench.RunAsync(output, error, parse.GetValue(profiles) ?? [], Math.Clamp(parse.GetValue(iterations), 1, 50), ct);
            }

            if (parse.GetValue(run) || parse.GetValue(repeat) is not null)
            {
                var path = parse.GetValue(profiles) is { Length: > 0 } named ? named[0] : FixturePaths.ReferenceProfile;
                if (parse.GetValue(repeat) is < 1 or > 1000)
                {
                    error.WriteLine("error: --repeat must be between 1 and 1000");
                    return ExitCodes.BadUsage;
                }

                Profile chosen;
                var options = new RunOptions { Suites = parse.GetValue(suite) ?? [], Scenarios = parse.GetValue(scenario) ?? [] };
                try
                {
                    chosen = ProfileLoader.Load(path);
                    _ = ScenarioRunner.Select(Catalog.All, options);
                }
                catch (ProfileValidationException e)
                {
                    error.WriteLine($"error: {e.Errors[0]}");
                    return ExitCodes.BadUsage;
                }
                catch (ArgumentException e)
                {
                    error.WriteLine($"error: {e.Message}");
                    return ExitCodes.BadUsage;
                }

                return parse.GetValue(repeat) is { } times
                    ? await RunBench.RepeatAsync(output, chosen, options.Suites, options.Scenarios, times, parse.GetValue(seed), ct)
                    : await RunBench.TimeAsync(output, chosen, options.Suites, parse.GetValue(seed), ct);
            }

            if (parse.GetValue(load))
            {
                return await LoadBench.RunAsync(output, error, ct);
            }

            if (parse.GetValue(handshakes))
            {
                var n200 = parse.GetResult(count) is { Implicit: false } ? Math.Clamp(parse.GetValue(count), 10, 100_000) : 200;
                await HandshakeBench.RunAsync(output, parse.GetValue(profiles) is { Length: > 0 } p ? p[0] : FixturePaths.ReferenceProfile, n200, ct);
                return ExitCodes.Conformant;
            }

            if (parse.GetValue(reports))
            {
                if (parse.GetValue(count) is < 1 or > 1_000_000)
                {
                    error.WriteLine("error: --count must be between 1 and 1000000");
                    return ExitCodes.BadUsage;
                }

                ReportBench.Run(output, parse.GetValue(count), parse.GetValue(seed));
                return ExitCodes.Conformant;
            }

            var list = parse.GetValue(profiles) is { Length: > 0 } given ? given : DefaultProfiles();
            var n = Math.Clamp(parse.GetValue(iterations), 1, 50);
            output.WriteLine($"bench: suites plaintext, redirect, san; {n} iteration(s) per profile; median shown");
            output.WriteLine($"{"profile",-12} {"start ms",9} {"scenarios ms",13} {"endpoints",9} {"ms/endpoint",12} {"verdicts",-24}");
            foreach (var path in list)
            {
                if (BenchProfiles.Load(path, error) is not { } profile)
                {
                    return ExitCodes.BadUsage;
                }

                var starts = new List<double>();
                var totals = new List<double>();
                var perScenario = new Dictionary<string, List<double>>();
                var verdicts = string.Empty;
                for (var i = 0; i < n; i++)
                {
                    await using var env = RunEnvironment.Prepare(profile, TimeProvider.System);
                    var clock = Stopwatch.StartNew();
                    await env.Target.StartAsync(ct);
                    starts.Add(clock.Elapsed.TotalMilliseconds);
                    var runner = new ScenarioRunner(TimeProvider.System);
                    var options = new RunOptions { Seed = 1000 + i, Suites = ["plaintext", "redirect", "san"] };
                    var results = new List<ScenarioResult>();
                    clock.Restart();
                    foreach (var s in ScenarioRunner.Select(Catalog.All, options))
                    {
                        var r = await runner.RunScenarioAsync(env, s, options, ct);
                        results.Add(r);
                        (perScenario.TryGetValue(r.Id, out var l) ? l : perScenario[r.Id] = []).Add(r.DurationMs);
                    }

                    totals.Add(clock.Elapsed.TotalMilliseconds);
                    var c = VerdictCounts.From(results);
                    verdicts = $"{c.Pass}p {c.Fail}f {c.NotApplicable}na {c.Error}e";
                    await env.Target.StopAsync(ct);
                }

                var endpoints = Math.Max(1, profile.Endpoints.Count(e => e.Plaintext != PlaintextMode.ByDesign));
                var total = Median(totals);
                output.WriteLine($"{profile.Name,-12} {Median(starts),9:0} {total,13:0} {endpoints,9} {total / endpoints,12:0} {verdicts,-24}");
                output.WriteLine($"  per scenario (median ms): {string.Join(", ", perScenario.Select(kv => $"{kv.Key} {Median(kv.Value):0}"))}");
            }

            return ExitCodes.Conformant;
        });
        return command;
    }

    private static string[] DefaultProfiles()
    {
        var list = new List<string> { FixturePaths.ReferenceProfile };
        if (File.Exists("/usr/sbin/nginx"))
        {
            list.Add(Path.Combine(FixturePaths.ProfilesDirectory, "nginx.yaml"));
        }

        return [.. list];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
