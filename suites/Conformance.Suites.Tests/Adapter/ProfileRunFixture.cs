using System.Collections.Concurrent;
using System.Diagnostics;
using Conformance.Engine;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.Reports;
using Conformance.Suites.Tests.Support;

[assembly: AssemblyFixture(typeof(Conformance.Suites.Tests.Adapter.ProfileRunFixture))]

namespace Conformance.Suites.Tests.Adapter;

/// <summary>
/// The implementation the scenario test cases judge: the reference by default, or the profile named by
/// <c>CONFORMANCE_PROFILE</c>. Started once for the assembly; when the tests end it writes the same reports as
/// <c>conformance run</c> to reports/runs/ (override the folder with <c>CONFORMANCE_REPORTS</c>).
/// </summary>
public sealed class ProfileRunFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, ScenarioResult> _results = new();
    private readonly Stopwatch _clock = new();
    private DateTimeOffset _started;

    public Profile? Profile { get; private set; }

    public RunEnvironment? Environment { get; private set; }

    /// <summary>Why the implementation could not be judged (bad profile, target would not start), if so.</summary>
    public string? SetupError { get; private set; }

    public RunOptions Options { get; } = new() { Seed = SeedFromEnvironment() };

    public ScenarioRunner Runner { get; } = new(TimeProvider.System);

    public async ValueTask InitializeAsync()
    {
        _started = DateTimeOffset.UtcNow;
        _clock.Start();
        var path = System.Environment.GetEnvironmentVariable("CONFORMANCE_PROFILE") is { Length: > 0 } p ? Path.GetFullPath(p) : RepoPaths.Profile("reference.yaml");
        try
        {
            Profile = ProfileLoader.Load(path);
            Environment = RunEnvironment.Prepare(Profile, TimeProvider.System);
            await Environment.Target.StartAsync(TestContext.Current.CancellationToken);
            await EndpointReadiness.WaitAsync(Environment, TimeProvider.System, TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e is ProfileValidationException or ProfileException or Targets.TargetException)
        {
            SetupError = e.Message;
        }
    }

    public void Record(ScenarioResult result) => _results[result.Id] = result;

    public async ValueTask DisposeAsync()
    {
        if (Environment is not null)
        {
            await Environment.DisposeAsync();
        }

        if (Profile is null || _results.IsEmpty)
        {
            return;
        }

        var ordered = Suites.Catalog.All.Select(s => _results.GetValueOrDefault(s.Info.Id)).OfType<ScenarioResult>().ToList();
        var result = ScenarioRunner.Finish(Profile, Options, _started, _clock.Elapsed.TotalMilliseconds, ordered, SetupError);
        var root = System.Environment.GetEnvironmentVariable("CONFORMANCE_REPORTS") is { Length: > 0 } r ? r : Path.Combine(RepoPaths.Root, "reports", "runs");
        var folder = RunOutput.CreateRunFolder(root, result.StartedUtc);
        await ReportSet.WriteAsync(result, folder, CancellationToken.None);
        RunOutput.UpdateLatest(root, folder);
    }

    private static int SeedFromEnvironment() =>
        int.TryParse(System.Environment.GetEnvironmentVariable("CONFORMANCE_SEED"), out var seed) ? seed : 20261123;
}
