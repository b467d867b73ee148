using Conformance.Model;

namespace Conformance.Reports.Qualification;

/// <summary>
/// A row of the qualification matrix: one profile's run. Paths are relative to the matrix folder (forward slashes), so
/// the folder and the runs it points at can be moved or uploaded together; null when there is no such file.
/// </summary>
/// <param name="Name">The row's key: the profile's name (with <c>#2</c>, <c>#3</c>, … when several inputs share one).</param>
/// <param name="Source">The profile file, or the results.json the row was merged from.</param>
/// <param name="Results">results.json of the run, relative to the matrix folder.</param>
/// <param name="Report">report.html of the run, relative to the matrix folder.</param>
/// <param name="HarnessVersion">The harness version of the run.</param>
/// <param name="Commit">The commit the run's harness was built from, if recorded.</param>
/// <param name="CatalogVersion">The scenario catalog's version if the run records one (results.json has none yet; the harness version stands for it).</param>
/// <param name="Target">The target kind (process, container, endpoint, kubernetes).</param>
/// <param name="ExitCode">The run's own exit code (2 when the profile could not run).</param>
/// <param name="Interrupted">The run was stopped by a signal; its verdicts are partial.</param>
/// <param name="Error">Why the profile has no results (bad input: the one line the run printed).</param>
/// <param name="Counts">Verdict counts of the run.</param>
/// <param name="Verdicts">Verdict per scenario ID; a scenario the run did not select has none.</param>
public sealed record MatrixRow(
    string Name,
    string? Source,
    string? Results,
    string? Report,
    string? HarnessVersion,
    string? Commit,
    string? CatalogVersion,
    string? Target,
    int ExitCode,
    bool Interrupted,
    string? Error,
    VerdictCounts Counts,
    IReadOnlyDictionary<string, VerdictKind> Verdicts);
