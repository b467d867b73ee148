namespace Conformance.Model;

/// <summary>Everything a run produced; the reports are renderings of this record (results.json is its serialization).</summary>
public sealed record RunResult
{
    /// <summary>Version of the results.json schema.</summary>
    public int Schema { get; init; } = 1;

    public required string HarnessVersion { get; init; }

    /// <summary>The source commit the harness was built from (the informational version's <c>+commit</c>); null when unknown or in files written before this field.</summary>
    public string? Commit { get; init; }

    public required string Profile { get; init; }

    public string? ProfilePath { get; init; }

    public string? Description { get; init; }

    public required string Target { get; init; }

    public required int Seed { get; init; }

    public required DateTimeOffset StartedUtc { get; init; }

    public required double DurationMs { get; init; }

    public required VerdictCounts Verdicts { get; init; }

    /// <summary>The run's exit code: 130 (SIGINT) or 143 (SIGTERM) when <see cref="Interrupted"/>, whatever the verdicts.</summary>
    public required int ExitCode { get; init; }

    /// <summary>The run was stopped by SIGINT/SIGTERM before every selected scenario finished; the report is partial.</summary>
    public bool Interrupted { get; init; }

    /// <summary>Scenarios that ran to a verdict of their own (not cut short by an interruption); null in files written before this field.</summary>
    public int? Finished { get; init; }

    /// <summary>Scenarios the run selected; null in files written before this field.</summary>
    public int? Total { get; init; }

    public required Level FailOn { get; init; }

    /// <summary>Claims the profile marks <c>assumed: true</c>: not stated by the system's own documents.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];

    /// <summary>Ports declared plaintext by design (control plane, metrics): listed, not judged.</summary>
    public IReadOnlyList<string> ByDesignPlaintext { get; init; } = [];

    /// <summary>A harness-level problem that stopped the run (target would not start, …), if any.</summary>
    public string? InfrastructureError { get; init; }

    public required IReadOnlyList<ScenarioResult> Scenarios { get; init; }
}
