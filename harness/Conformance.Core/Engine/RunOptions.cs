using Conformance.Model;
using Conformance.Probes;

namespace Conformance.Engine;

/// <summary>How a run selects and runs scenarios.</summary>
public sealed record RunOptions
{
    /// <summary>Seed of every random choice; recorded in the report.</summary>
    public int Seed { get; init; } = Environment.TickCount & 0x7FFFFFFF;

    public Level FailOn { get; init; } = Level.Must;

    /// <summary>Suites to run (empty: all).</summary>
    public IReadOnlyList<string> Suites { get; init; } = [];

    /// <summary>Scenario IDs to run (empty: all).</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    public ProbeOptions Probe { get; init; } = new();

    /// <summary>The rotation load size when neither the run options nor the profile (<c>load.requests</c>) give one.</summary>
    public const long DefaultLoadRequests = 20_000;

    /// <summary>
    /// Requests each rotation scenario puts through the target (the load around one rotation); null: the profile's
    /// <c>load.requests</c>, else <see cref="DefaultLoadRequests"/> (<see cref="ScenarioContext.LoadRequests"/>).
    /// </summary>
    public long? LoadRequests { get; init; }

    /// <summary>
    /// How many scenarios that do not act on the target run at once (default: the processor count — more only adds
    /// contention to probes with deadlines on a loaded machine). Scenarios that act on it
    /// (<see cref="ScenarioInfo.ActsOnTarget"/>) always run alone.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Bound on one scenario; past it the scenario is an error.</summary>
    public TimeSpan ScenarioTimeout { get; init; } = TimeSpan.FromSeconds(180);
}
