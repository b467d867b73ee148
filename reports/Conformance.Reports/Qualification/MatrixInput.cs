using Conformance.Model;

namespace Conformance.Reports.Qualification;

/// <summary>
/// One profile's outcome handed to <see cref="QualificationMatrix.Build"/>: its run (null when it never ran, e.g. bad
/// input), the folder holding that run's reports, and its exit code.
/// </summary>
/// <param name="Name">The profile's name, or its file when it could not be read.</param>
/// <param name="Source">The profile file or the results.json it came from.</param>
/// <param name="Run">The run, or null when it never ran.</param>
/// <param name="RunFolder">The folder holding the run's results.json and report.html, if any.</param>
/// <param name="ExitCode">The run's exit code.</param>
/// <param name="Error">Why the profile did not run, as the one line it printed.</param>
public sealed record MatrixInput(string Name, string? Source, RunResult? Run, string? RunFolder, int ExitCode, string? Error = null);
