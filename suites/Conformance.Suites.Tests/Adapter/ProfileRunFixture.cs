using System.Runtime.InteropServices;
using System.Collections.Concurrent;
using Conformance.Cli.Commands;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Reports;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Adapter;

/// <summary>
/// One <c>conformance run</c> for <see cref="ScenarioTests"/>: the profile named by <c>CONFORMANCE_PROFILE</c> (default:
/// the reference) goes through <see cref="ScenarioRunner.RunAsync"/> once, whole, with the options the CLI gives it
/// (seed from <c>CONFORMANCE_SEED</c>, default 20261123), so its phases, ordering, mid-run exit detection and
/// cancellation are the CLI's. Each test case awaits its scenario's result; the run then writes the CLI's reports to
/// <c>CONFORMANCE_REPORTS</c> (default reports/runs/). Cancelling the test run interrupts the profile run.
/// </summary>
public sealed class ProfileRunFixture : IAsyncLifetime, IProgress<ScenarioResult>
{
    /// <summary>The seed a run without <c>CONFORMANCE_SEED</c> uses (fixed, so <c>dotnet test</c> repeats itself).</summary>
    public const int DefaultSeed = 20261123;

    private readonly ConcurrentDictionary<string, TaskCompletionSource<ScenarioResult>> _results = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _interrupt = new();
    private Task _run = Task.CompletedTask;
    private PosixSignalRegistration? _sigint;

    public ProfileRunFixture()
    {
        foreach (var scenario in Catalog.All)
        {
            _results[scenario.Info.Id] = new TaskCompletionSource<ScenarioResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>
    /// <c>CONFORMANCE_PROFILE</c>, a relative path taken from the repository root (the test runner's working directory
    /// is its output folder, not where <c>dotnet test</c> was typed); when unset, the profile <c>conformance run</c>
    /// uses without --profile (complete.yaml: the reference claiming everything the catalog judges).
    /// </summary>
    public string ProfilePath { get; } = Environment.GetEnvironmentVariable("CONFORMANCE_PROFILE") is { Length: > 0 } p ? Path.GetFullPath(p, RepoPaths.Root) : RepoPaths.Profile(Path.GetFileName(Conformance.Cli.Console.FixturePaths.DefaultProfile));

    /// <summary>The CLI's options for <c>conformance run --seed N</c>: every scenario, fail on MUST, default parallelism and load.</summary>
    public RunOptions Options { get; } = new() { Seed = int.TryParse(Environment.GetEnvironmentVariable("CONFORMANCE_SEED"), out var seed) ? seed : DefaultSeed };

    /// <summary><c>CONFORMANCE_REPORTS</c> (relative: from the repository root), default reports/runs/ there, as the CLI's --out.</summary>
    public string ReportsRoot { get; } = Path.GetFullPath(Environment.GetEnvironmentVariable("CONFORMANCE_REPORTS") is { Length: > 0 } r ? r : Path.Combine("reports", "runs"), RepoPaths.Root);

    /// <summary>The profile's name once it is read, for messages.</summary>
    public string? ProfileName { get; private set; }

    public ValueTask InitializeAsync()
    {
        // Not awaited: each test case awaits its own scenario. Cancelling the test run (Ctrl+C) interrupts the profile
        // run the way SIGINT interrupts the CLI: the scenarios cut short are error, the target is stopped, and the
        // partial reports are written.
        _ = TestContext.Current.CancellationToken.UnsafeRegister(_ => Interrupt(), null);
        // The runner's own Ctrl+C handling reaches the test cases' tokens only when it next sends a message (a test
        // case finishing): while every waiting case's scenario is tens of seconds off (the rotations), nothing is sent
        // and the run went on. Ctrl+C reaches the run directly, as SIGINT reaches 'conformance run'; the runner's own
        // handling (and the default action, if no one cancels it) is left as it was.
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Interrupt());
        var cancellation = _interrupt.Token;
        _run = Task.Run(() => RunAsync(cancellation), CancellationToken.None);
        return ValueTask.CompletedTask;
    }

    /// <summary>The scenario's result as the run recorded it, or why the run judged nothing.</summary>
    public async Task<(ScenarioResult? Result, string? Unjudged)> ResultAsync(string id, CancellationToken cancellationToken)
    {
        var pending = _results.GetValueOrDefault(id) ?? throw new ArgumentException($"unknown scenario '{id}'", nameof(id));

        // The test runner cancels through the token of the test case it is running, not the fixture's: a test case
        // waiting on the run passes the cancellation on, then waits for its scenario's interrupted result (the runner
        // ends an interrupted run within about a second) instead of leaving before the run does.
        await using var passOn = cancellationToken.UnsafeRegister(_ => Interrupt(), null);
        try
        {
            return (await pending.Task, null);
        }
        catch (InvalidOperationException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The runner reports each result as it is recorded: its test case finishes then, not at the run's end.</summary>
    void IProgress<ScenarioResult>.Report(ScenarioResult value) => _results.GetValueOrDefault(value.Id)?.TrySetResult(value);

    public async ValueTask DisposeAsync()
    {
        // The target is stopped and the reports are written before the test process may exit; a report that could
        // not be written fails the test run (as a cleanup failure) the way it fails the CLI.
        try
        {
            await _run;
        }
        finally
        {
            _sigint?.Dispose();
            _interrupt.Dispose();
        }
    }

    private void Interrupt()
    {
        try
        {
            _interrupt.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended and the fixture is gone: nothing left to interrupt.
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        RunResult result;
        try
        {
            var (profile, errors) = RunCommand.ReadProfile(ProfilePath, cancellationToken);
            if (profile is null)
            {
                Unjudged(errors.Count == 0 ? "invalid profile" : $"{errors[0]}{(errors.Count > 1 ? $" (+{errors.Count - 1} more; see 'conformance profiles validate {ProfilePath}')" : string.Empty)}");
                return;
            }

            ProfileName = profile.Name;
            result = await new ScenarioRunner(TimeProvider.System).RunAsync(profile, Catalog.All, Options, this, cancellationToken);
        }
        catch (Exception e)
        {
            // What the CLI turns into exit 2, 3 or 130 without a report: a profile the runner refuses, a target it
            // cannot create, a harness failure, an interruption while the profile was read. Nothing was judged.
            Unjudged(e switch
            {
                OperationCanceledException when cancellationToken.IsCancellationRequested => "run interrupted before the target started",
                Profiles.ProfileException or Model.TargetException => e.Message,
                _ => $"harness failure: {e.GetType().Name}: {e.Message}",
            });
            return;
        }

        // Results cut short by an interruption are only in the final record (an abandoned scenario is never reported).
        foreach (var scenario in result.Scenarios)
        {
            _results.GetValueOrDefault(scenario.Id)?.TrySetResult(scenario);
        }

        foreach (var pending in _results.Values)
        {
            pending.TrySetException(new InvalidOperationException("the run recorded no result for this scenario"));
        }

        var folder = RunOutput.CreateRunFolder(ReportsRoot, result.StartedUtc);
        await ReportSet.WriteAsync(result, folder, CancellationToken.None);
        RunOutput.UpdateLatest(ReportsRoot, folder);
    }

    /// <summary>Nothing was judged: every test case fails with the reason, as the CLI prints it.</summary>
    private void Unjudged(string error)
    {
        foreach (var pending in _results.Values)
        {
            pending.TrySetException(new InvalidOperationException(error));
        }
    }
}
