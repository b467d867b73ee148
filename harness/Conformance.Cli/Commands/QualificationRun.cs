using System.Diagnostics;
using Conformance.Cli.Console;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Reports;
using Conformance.Reports.Qualification;
using Conformance.Suites;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance run --profile A --profile B …</c>: every profile runs as a single run would (its own run folder under
/// <c>--out</c>), then one qualification report — matrix.html, matrix.json, matrix.md — goes into
/// <c>--out/qualification-&lt;stamp&gt;/</c>. The exit code is the combined one (<see cref="ExitCodes.Combine"/>).
/// </summary>
internal static class QualificationRun
{
    /// <summary>
    /// How many profiles run at once. Two on the 2-core machines this is measured on: each run already runs its own
    /// scenarios in parallel, so more profiles at once only make every timing-bound scenario slower.
    /// </summary>
    public const int ProfilesAtOnce = 2;

    public static async Task<int> ExecuteAsync(RunArguments args, IReadOnlyList<string> profiles, TextWriter output, TextWriter error, CancellationToken ct)
    {
        // What the single runs would each refuse, refused once: filters that select nothing, an --out that cannot be written.
        try
        {
            var options = new RunOptions { Suites = args.Suites, Scenarios = args.Scenarios };
            if (ScenarioRunner.Select(Catalog.All, options).Count == 0)
            {
                throw new ArgumentException($"--suite {string.Join(",", args.Suites)} and --scenario {string.Join(",", args.Scenarios)} together select no scenario (a scenario must match both)");
            }
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadUsage;
        }

        if (RunCommand.WritableRunsRoot(args.Out, error) is not { } runsRoot)
        {
            return ExitCodes.BadUsage;
        }

        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        output.WriteLine($"conformance {ScenarioRunner.HarnessVersion} — qualification of {profiles.Count} profile(s), up to {ProfilesAtOnce} at once, one rotation-claiming profile at a time");

        using var slots = new SemaphoreSlim(ProfilesAtOnce);
        using var rotation = new SemaphoreSlim(1);
        using var writeLock = new SemaphoreSlim(1);
        var printLock = new Lock();
        var runs = profiles.Select((path, i) => RunOneAsync(args with { Profile = path }, i, profiles.Count, slots, rotation, writeLock, printLock, output, error, ct)).ToList();
        var inputs = await Task.WhenAll(runs);

        var folder = RunOutput.CreateFolder(runsRoot, QualificationReport.FolderPrefix, started);
        var matrix = QualificationMatrix.Build(inputs, folder, ScenarioRunner.HarnessVersion, ScenarioRunner.HarnessCommit, started);
        try
        {
            await QualificationReport.WriteAsync(matrix, folder, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            error.WriteLine($"error: --out {args.Out}: cannot write the qualification report: {e.Message}");
            return ExitCodes.Combine([matrix.ExitCode, ExitCodes.InfrastructureError]);
        }

        output.WriteLine();
        foreach (var row in matrix.Profiles)
        {
            output.WriteLine($"  {MatrixMarkdown.Result(row.ExitCode),-32} exit {row.ExitCode,-3} {TerminalText.Line(row.Name)}: {MatrixMarkdown.Counts(row.Counts)}");
        }

        output.WriteLine($"{MatrixMarkdown.Result(matrix.ExitCode)} (combined exit {matrix.ExitCode}) — {profiles.Count} profile(s) in {clock.Elapsed.TotalSeconds:0.0} s — matrix: {Path.Combine(folder, QualificationReport.Html)}");
        return ProcessSignals.ExitCode ?? matrix.ExitCode;
    }

    private static async Task<MatrixInput> RunOneAsync(
        RunArguments args,
        int index,
        int count,
        SemaphoreSlim slots,
        SemaphoreSlim rotation,
        SemaphoreSlim writeLock,
        Lock printLock,
        TextWriter output,
        TextWriter error,
        CancellationToken ct)
    {
        // A profile that claims reload runs the rotation scenarios (the CPU-heavy load); two of those at once would
        // make each other's timing bounds fail. A profile that cannot be read here fails in its run, with its own line.
        var held = new List<SemaphoreSlim>();
        try
        {
            var heavy = RunCommand.ReadProfileQuietly(args.Profile, ct)?.Claims.Reload is not null;
            foreach (var gate in heavy ? [rotation, slots] : (SemaphoreSlim[])[slots])
            {
                await gate.WaitAsync(ct);
                held.Add(gate);
            }

            using var runOutput = new StringWriter();
            using var runError = new StringWriter();
            lock (printLock)
            {
                output.WriteLine($"[{index + 1}/{count}] {TerminalText.Line(args.Profile)}: started{(heavy ? " (claims reload: no other rotation-claiming profile runs beside it)" : string.Empty)}");
            }

            var outcome = await RunCommand.ExecuteRunAsync(args, runOutput, runError, ct, writeLock);
            var errors = runError.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => Attributed(line, args.Profile)).ToList();
            lock (printLock)
            {
                // A run's lines come out together when it ends: two runs' progress never interleave.
                output.WriteLine($"[{index + 1}/{count}] {TerminalText.Line(args.Profile)}: exit {outcome.ExitCode}");
                output.Write(runOutput.ToString());
                errors.ForEach(error.WriteLine);
            }

            var firstError = outcome.Result is null ? errors.FirstOrDefault() : null;
            return new MatrixInput(outcome.Result?.Profile ?? Path.GetFileName(args.Profile), args.Profile, outcome.Result, outcome.Folder, outcome.ExitCode, firstError);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Interrupted before its run began (waiting for a slot, or reading its profile): nothing of it ran.
            var code = ProcessSignals.ExitCode ?? ExitCodes.Interrupted;
            return new MatrixInput(Path.GetFileName(args.Profile), args.Profile, null, null, code, "not run: interrupted before it started");
        }
        finally
        {
            held.ForEach(g => g.Release());
        }
    }

    /// <summary>A run's error line, naming the profile it is about when it does not already (several run at once).</summary>
    private static string Attributed(string line, string profile) =>
        line.Contains(profile, StringComparison.Ordinal) || !line.StartsWith("error: ", StringComparison.Ordinal)
            ? line
            : $"error: {profile}: {line["error: ".Length..]}";
}
