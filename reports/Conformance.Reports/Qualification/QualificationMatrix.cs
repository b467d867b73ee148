using System.Globalization;
using Conformance.Model;

namespace Conformance.Reports.Qualification;

/// <summary>
/// The qualification report's model: profiles × scenarios, a verdict per cell, each profile's exit code and counts,
/// and the combined exit code (<see cref="ExitCodes.Combine"/>). matrix.json is its serialization; matrix.html and
/// matrix.md are renderings of it. Built the same way from one invocation's runs and from merged results.json files.
/// </summary>
public sealed record QualificationMatrix
{
    /// <summary>What matrix.json says it is (a results.json has no such property), so <c>report diff</c> can tell them apart.</summary>
    public const string KindName = "conformance-qualification-matrix";

    /// <summary>Version of the matrix.json schema.</summary>
    public int Schema { get; init; } = 1;

    public string Kind { get; init; } = KindName;

    /// <summary>Version of the harness that wrote the matrix (each row names its own run's).</summary>
    public required string HarnessVersion { get; init; }

    public string? Commit { get; init; }

    public required DateTimeOffset GeneratedUtc { get; init; }

    /// <summary>The combined exit code of every row (also the exit code of the invocation that wrote it).</summary>
    public required int ExitCode { get; init; }

    /// <summary>Columns, in catalog order (first appearance over the rows).</summary>
    public required IReadOnlyList<MatrixScenario> Scenarios { get; init; }

    /// <summary>Rows, in the order the profiles (or results.json files) were given.</summary>
    public required IReadOnlyList<MatrixRow> Profiles { get; init; }

    /// <summary>
    /// Builds the matrix for a folder <paramref name="matrixFolder"/> (links and paths are made relative to it).
    /// </summary>
    public static QualificationMatrix Build(IReadOnlyList<MatrixInput> inputs, string matrixFolder, string harnessVersion, string? commit, DateTimeOffset generatedUtc)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var scenarios = new List<MatrixScenario>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<MatrixRow>();
        foreach (var input in inputs)
        {
            var run = input.Run;
            foreach (var s in run?.Scenarios ?? [])
            {
                if (seen.Add(s.Id))
                {
                    scenarios.Add(new MatrixScenario(s.Id, s.Suite, s.Level, s.Title));
                }
            }

            var n = names[input.Name] = names.GetValueOrDefault(input.Name) + 1;
            var name = n == 1 ? input.Name : $"{input.Name}#{n.ToString(CultureInfo.InvariantCulture)}";
            var verdicts = new Dictionary<string, VerdictKind>(StringComparer.Ordinal);
            foreach (var s in run?.Scenarios ?? [])
            {
                verdicts[s.Id] = s.Verdict;
            }

            rows.Add(new MatrixRow(
                name,
                input.Source,
                Relative(matrixFolder, input.RunFolder, ReportSet.Json),
                Relative(matrixFolder, input.RunFolder, ReportSet.Html),
                run?.HarnessVersion,
                run?.Commit,
                CatalogVersion: null,
                run?.Target,
                input.ExitCode,
                run?.Interrupted ?? false,
                input.Error ?? run?.InfrastructureError,
                run?.Verdicts ?? new VerdictCounts(0, 0, 0, 0),
                verdicts));
        }

        return new QualificationMatrix
        {
            HarnessVersion = harnessVersion,
            Commit = commit,
            GeneratedUtc = generatedUtc,
            ExitCode = ExitCodes.Combine(inputs.Select(i => i.ExitCode)),
            Scenarios = scenarios,
            Profiles = rows,
        };
    }

    /// <summary>
    /// The first pair of runs whose scenario catalogs differ, as one line naming both files and the differing values;
    /// null when every run has the same scenario IDs and harness version as the first.
    /// </summary>
    public static string? CatalogMismatch(IReadOnlyList<(string Path, RunResult Run)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count < 2)
        {
            return null;
        }

        var (firstPath, first) = runs[0];
        var firstIds = first.Scenarios.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, run) in runs.Skip(1))
        {
            if (!string.Equals(first.HarnessVersion, run.HarnessVersion, StringComparison.Ordinal))
            {
                return $"{firstPath} has harness version {first.HarnessVersion}, {path} has {run.HarnessVersion}: the scenario catalogs may differ";
            }

            var ids = run.Scenarios.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            if (!ids.SetEquals(firstIds))
            {
                var missing = firstIds.Except(ids).Order(StringComparer.Ordinal).ToList();
                var extra = ids.Except(firstIds).Order(StringComparer.Ordinal).ToList();
                return $"{firstPath} has {firstIds.Count} scenario(s), {path} has {ids.Count}" +
                    (missing.Count > 0 ? $"; missing from {path}: {Ids(missing)}" : string.Empty) +
                    (extra.Count > 0 ? $"; only in {path}: {Ids(extra)}" : string.Empty);
            }
        }

        return null;
    }

    private static string Ids(List<string> ids) => ids.Count <= 8 ? string.Join(", ", ids) : $"{string.Join(", ", ids.Take(8))} (+{ids.Count - 8} more)";

    private static string? Relative(string matrixFolder, string? runFolder, string file)
    {
        if (runFolder is null)
        {
            return null;
        }

        var path = Path.Combine(runFolder, file);
        return File.Exists(path) ? Path.GetRelativePath(Path.GetFullPath(matrixFolder), Path.GetFullPath(path)).Replace(Path.DirectorySeparatorChar, '/') : null;
    }
}
