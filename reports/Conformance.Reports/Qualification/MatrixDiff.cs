using Conformance.Model;

namespace Conformance.Reports.Qualification;

/// <summary>
/// What changed between two qualification matrices, per profile (rows matched by name): each common profile's
/// regressions, fixes and other changes, and the profiles only one matrix has.
/// </summary>
/// <param name="Profiles">Every profile of both matrices, in the later matrix's order.</param>
/// <param name="Added">Profiles only the later matrix has.</param>
/// <param name="Removed">Profiles only the earlier matrix has.</param>
public sealed record MatrixDiff(IReadOnlyList<ProfileDiff> Profiles, IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    /// <summary>True if any profile regressed at <paramref name="failOn"/> or a stronger level.</summary>
    public bool HasGatingRegression(Level failOn) => Profiles.Any(p => p.Diff.HasGatingRegression(failOn));

    /// <summary>Compares matrix <paramref name="before"/> with <paramref name="after"/>; pure.</summary>
    public static MatrixDiff Compare(QualificationMatrix before, QualificationMatrix after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var earlier = before.Profiles.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var later = after.Profiles.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var profiles = new List<ProfileDiff>();
        var added = new List<string>();
        foreach (var row in after.Profiles)
        {
            if (!earlier.TryGetValue(row.Name, out var old))
            {
                added.Add(row.Name);
                continue;
            }

            var a = AsRun(before, old);
            var b = AsRun(after, row);
            profiles.Add(new ProfileDiff(row.Name, a, b, RunDiff.Compare(a, b)));
        }

        return new MatrixDiff(profiles, added, [.. before.Profiles.Select(p => p.Name).Where(n => !later.Contains(n))]);
    }

    /// <summary>A matrix row as a run record (no reasons or evidence: the matrix holds verdicts only).</summary>
    public static RunResult AsRun(QualificationMatrix matrix, MatrixRow row)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(row);
        var scenarios = matrix.Scenarios.Where(s => row.Verdicts.ContainsKey(s.Id))
            .Select(s => new ScenarioResult(s.Id, s.Suite, s.Level, s.Title, string.Empty, string.Empty, row.Verdicts[s.Id], null, 0, []))
            .ToList();
        return new RunResult
        {
            HarnessVersion = row.HarnessVersion ?? "?",
            Commit = row.Commit,
            Profile = row.Name,
            Target = row.Target ?? "?",
            Seed = 0,
            StartedUtc = matrix.GeneratedUtc,
            DurationMs = 0,
            Verdicts = row.Counts,
            ExitCode = row.ExitCode,
            Interrupted = row.Interrupted,
            FailOn = Level.Must,
            Scenarios = scenarios,
        };
    }
}
