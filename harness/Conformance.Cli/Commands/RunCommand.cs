using System.CommandLine;
using Conformance.Cli.Console;
using Conformance.Diagnostics;
using Conformance.Drivers;
using Conformance.Engine;
using Conformance.Inputs;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Reports;
using Conformance.Suites;
using Spectre.Console;
using Profile = Conformance.Profiles.Profile;

namespace Conformance.Cli.Commands;

/// <summary><c>conformance run</c>: run the suites against a profile, show progress and verdicts, write the reports.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var profile = new Option<string[]>("--profile", "-p") { Description = "Profile YAML (default: the embedded reference implementation); - reads it from standard input. Repeatable; a folder means its *.yaml, a glob (*, ?) in the file name its matches: several profiles run in one invocation and write a qualification matrix." }.Takes("the path of a profile file, a folder or a glob (or - for standard input)");
        var suite = new Option<string[]>("--suite") { Description = "Run only these suites (repeatable).", AllowMultipleArgumentsPerToken = true }.Takes("suite names (see 'conformance scenarios')");
        var scenario = new Option<string[]>("--scenario") { Description = "Run only these scenario IDs (repeatable).", AllowMultipleArgumentsPerToken = true }.Takes("scenario IDs (see 'conformance scenarios')");
        var output_ = new Option<string>("--out") { Description = "Folder of runs: each run writes a fresh <utc-stamp>/ in it (never overwriting one) and replaces latest/.", DefaultValueFactory = _ => Path.Combine("reports", "runs") }.Takes("a folder path");
        var seed = new Option<int?>("--seed") { Description = "Seed of every random choice (default: random; recorded in the report)." }.WholeNumber(0, int.MaxValue);
        var failOn = new Option<string>("--fail-on") { Description = "Lowest level whose failure fails the run: must|should|may.", DefaultValueFactory = _ => "must" }.Takes("one of must, should, may");
        failOn.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } level && level.ToLowerInvariant() is not ("must" or "should" or "may"))
            {
                r.AddError($"--fail-on takes one of must, should, may, got '{level}'");
            }
        });
        var parallel = new Option<int?>("--parallel") { Description = "How many scenarios that do not act on the target run at once (default: the processor count; 1 = serial)." }.WholeNumber(1, 256);
        var command = new Command("run", "Run the scenario suites against an implementation and write the reports.")
        {
            profile, suite, scenario, output_, seed, failOn, parallel,
        };
        command.SetAction((parse, ct) =>
        {
            var args = new RunArguments(
                FixturePaths.DefaultProfile,
                parse.GetValue(suite) ?? [],
                parse.GetValue(scenario) ?? [],
                parse.GetValue(output_)!,
                parse.GetValue(seed),
                Enum.Parse<Level>(parse.GetValue(failOn)!, ignoreCase: true),
                parse.GetValue(ConformanceApp.Verbose),
                parse.GetValue(parallel));
            var named = parse.GetValue(profile) ?? [];
            if (named.Length == 0)
            {
                return ExecuteAsync(args, output, error, ct);
            }

            var (paths, many, problem) = ProfileSet.Expand(named);
            if (problem is not null)
            {
                error.WriteLine($"error: --profile {problem}");
                return Task.FromResult(ExitCodes.BadUsage);
            }

            return many ? QualificationRun.ExecuteAsync(args, paths, output, error, ct) : ExecuteAsync(args with { Profile = paths[0] }, output, error, ct);
        });
        return command;
    }

    /// <summary>
    /// Reads the profile a run judges with the run's own checks: the reader's, then the scenario IDs a mutant names.
    /// The xunit adapter (suites/Conformance.Suites.Tests/Adapter) reads it through here too, so both refuse the same profiles.
    /// </summary>
    public static (Profile? Profile, IReadOnlyList<ProfileError> Errors) ReadProfile(string path, CancellationToken ct)
    {
        var (read, errors) = ProfileLoader.Read(path, ct);
        if (read is null)
        {
            return (null, errors);
        }

        var unknown = ProfilesCommand.UnknownScenarioIds(read).ToList();
        return unknown.Count > 0 ? (null, unknown) : (read, []);
    }

    /// <summary>The profile if it reads without error (no message: the run itself reports a bad profile), else null.</summary>
    public static Profile? ReadProfileQuietly(string path, CancellationToken ct)
    {
        try
        {
            return ReadProfile(path, ct).Profile;
        }
        catch (Exception e) when (e is ProfileValidationException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    public static async Task<int> ExecuteAsync(RunArguments args, TextWriter output, TextWriter error, CancellationToken ct) =>
        (await ExecuteRunAsync(args, output, error, ct)).ExitCode;

    /// <summary>
    /// One profile's run, as <c>conformance run</c> makes it; also what it wrote. <paramref name="writeLock"/> serializes
    /// the report writing of runs that share an <c>--out</c> (run folders and <c>latest/</c> are named by a check-then-create).
    /// </summary>
    public static async Task<RunOutcome> ExecuteRunAsync(RunArguments args, TextWriter output, TextWriter error, CancellationToken ct, SemaphoreSlim? writeLock = null)
    {
        var console = CliOutput.For(output);
        Profile profile;
        try
        {
            var (read, errors) = ReadProfile(args.Profile, ct);
            profile = read ?? throw new ProfileValidationException(errors);
        }
        catch (ProfileValidationException e)
        {
            error.WriteLine($"error: {e.Errors[0]}{(e.Errors.Count > 1 ? $" (+{e.Errors.Count - 1} more; see 'conformance profiles validate {args.Profile}')" : string.Empty)}");
            return new RunOutcome(ExitCodes.BadUsage, null, null);
        }

        StartupTrace.Mark("profile read");
        if (Targets.BuildSupport.NotInThisBuild(TargetDrivers.For(profile.Target.Kind), System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported) is { } missing)
        {
            error.WriteLine($"error: {args.Profile}: {missing}");
            return new RunOutcome(ExitCodes.BadUsage, null, null);
        }

        var options = new RunOptions { FailOn = args.FailOn, Suites = args.Suites, Scenarios = args.Scenarios };
        if (args.Parallelism is { } degree)
        {
            options = options with { Parallelism = degree };
        }
        if (args.Seed is { } s)
        {
            options = options with { Seed = s };
        }

        IReadOnlyList<Engine.IScenario> selected;
        try
        {
            selected = ScenarioRunner.Select(Catalog.All, options);
            if (selected.Count == 0)
            {
                // A gate that ran nothing must not report "conformant".
                throw new ArgumentException($"--suite {string.Join(",", args.Suites)} and --scenario {string.Join(",", args.Scenarios)} together select no scenario (a scenario must match both)");
            }
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return new RunOutcome(ExitCodes.BadUsage, null, null);
        }

        StartupTrace.Mark("scenarios selected");
        if (WritableRunsRoot(args.Out, error) is not { } runsRoot)
        {
            return new RunOutcome(ExitCodes.BadUsage, null, null);
        }

        console.MarkupLine($"[bold]conformance[/] {Markup.Escape(ScenarioRunner.HarnessVersion)} — profile [bold]{Markup.Escape(TerminalText.Line(profile.Name))}[/] ({Markup.Escape(profile.Target.Kind.ToString().ToLowerInvariant())} target), {selected.Count} scenario(s), seed {options.Seed}");
        StartupTrace.Mark("header written");
        // Key material of runs that were killed outright (SIGKILL, power loss) goes before this run makes its own.
        var abandoned = Conformance.Pki.RunWorkspace.RemoveAbandoned();
        if (abandoned.Count > 0)
        {
            console.MarkupLine($"[grey]removed {abandoned.Count} workspace(s) left by killed runs: {Markup.Escape(string.Join(", ", abandoned))}[/]");
        }

        StartupTrace.Mark("abandoned workspaces looked for");
        // The renderers (System.Text.Json's metadata above all, about 150 ms on a cold process) are compiled on another
        // thread while the scenarios wait on the network, not after them: a short run's wall time is mostly such start-up
        // costs (docs/performance.md). Awaited before the reports are written, so a failure there is not lost.
        var warmed = Task.Run(ReportSet.WarmUp, CancellationToken.None);
        RunResult result;
        var done = 0;
        try
        {
            // The runner reports one result at a time (scenarios may finish concurrently, never print at once).
            var progress = new SyncProgress<ScenarioResult>(r =>
            {
                done++;
                console.MarkupLine($"  [grey]{done,2}/{selected.Count}[/] {Verdicts.Badge(r.Verdict)} [bold]{Markup.Escape(TerminalText.Line(r.Id))}[/] {Markup.Escape(TerminalText.Line(r.Title))} [grey]({r.DurationMs:0} ms)[/]");
            });
            result = await new ScenarioRunner(TimeProvider.System).RunAsync(profile, Catalog.All, options, progress, ct);
        }
        catch (ProfileException e)
        {
            // Prepare found every problem before starting anything; the first here, all of them from 'profiles validate'.
            error.WriteLine($"error: {e.Message}{(e.Errors.Count > 1 ? $" (+{e.Errors.Count - 1} more; see 'conformance profiles validate {args.Profile}')" : string.Empty)}");
            return new RunOutcome(ExitCodes.BadUsage, null, null);
        }
        catch (TargetException e)
        {
            error.WriteLine($"error: {e.Message}");
            return new RunOutcome(ExitCodes.InfrastructureError, null, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error.WriteLine($"error: harness failure: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            if (args.Verbose)
            {
                error.WriteLine(e.ToString());
            }

            return new RunOutcome(ExitCodes.InfrastructureError, null, null);
        }

        if (ct.IsCancellationRequested)
        {
            // The exit code of an interrupted run is the signal's (130 or 143), in the reports as on exit.
            result = result with { ExitCode = ProcessSignals.ExitCode ?? ExitCodes.Interrupted, Interrupted = true };
        }

        StartupTrace.Mark("scenarios done, target stopped");
        console.Write(Verdicts.Table(result));
        StartupTrace.Mark("verdict table written");
        string folder;
        if (writeLock is not null)
        {
            await writeLock.WaitAsync(CancellationToken.None);
        }

        try
        {
            await warmed;
            folder = RunOutput.CreateRunFolder(runsRoot, result.StartedUtc);

            // An interrupted run still writes what it has: the token is already cancelled, and the write is bounded.
            await ReportSet.WriteAsync(result, folder, CancellationToken.None);
            RunOutput.UpdateLatest(runsRoot, folder);
            StartupTrace.Mark("reports written");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: --out {args.Out}: cannot write the reports: {e.Message}");
            return new RunOutcome(ExitCodes.InfrastructureError, result, null);
        }
        finally
        {
            writeLock?.Release();
        }

        if (result.Interrupted)
        {
            // The exit code is the signal's (Program sets it too), not the verdicts'.
            error.WriteLine($"error: {result.InfrastructureError}");
            console.MarkupLine($"[yellow bold]INTERRUPTED[/] (exit {result.ExitCode}): {result.Finished} of {result.Total} scenario(s) finished; {result.Verdicts.Pass} pass, {result.Verdicts.Fail} fail, {result.Verdicts.NotApplicable} not applicable, {result.Verdicts.Error} error — partial report: {Markup.Escape(Path.Combine(folder, ReportSet.Html))}");
            return new RunOutcome(result.ExitCode, result, folder);
        }

        if (result.InfrastructureError is { } infra)
        {
            error.WriteLine($"error: {infra}");
        }
        else if (result.ExitCode == ExitCodes.InfrastructureError)
        {
            // Undecided at a gating level: say which, on stderr too, so a CI log shows why the gate stopped.
            var undecided = result.Scenarios.Where(r => r.Verdict == VerdictKind.Error && r.Level <= result.FailOn).Select(r => r.Id);
            error.WriteLine($"error: undecided (error verdict) at a gating level: {string.Join(", ", undecided)}");
        }

        console.MarkupLine($"{Verdicts.Summary(result)} — report: {Markup.Escape(Path.Combine(folder, ReportSet.Html))}");
        return new RunOutcome(result.ExitCode, result, folder);
    }

    /// <summary>
    /// The full path of <c>--out</c>, created and proven writable before any run starts (a folder we cannot write would
    /// lose every verdict); null after one line on <paramref name="error"/> when it cannot be.
    /// </summary>
    internal static string? WritableRunsRoot(string output, TextWriter error)
    {
        try
        {
            var root = Path.GetFullPath(output);
            Directory.CreateDirectory(root);
            var probe = Path.Combine(root, $".write-test-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return root;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: --out {output}: cannot create the report folder: {e.Message}");
            return null;
        }
    }
}
