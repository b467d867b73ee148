using Conformance.Model;

namespace Conformance.Reports;

/// <summary>A scenario whose verdict differs between two runs. <see cref="Level"/> is the level in the later run.</summary>
public sealed record VerdictChange(string Id, string Title, Level Level, VerdictKind Before, VerdictKind After, string? Reason);

/// <summary>A scenario whose catalog level differs between two runs (a different harness version).</summary>
public sealed record LevelChange(string Id, string Title, Level Before, Level After);

/// <summary>
/// What changed between two runs, per scenario ID: the release-qualification view ("what got worse, what got better").
/// Lists follow the later run's order; <see cref="Removed"/> follows the earlier run's.
/// </summary>
/// <param name="Regressions">pass or not-applicable before, fail or error now.</param>
/// <param name="Fixes">fail or error before, pass now.</param>
/// <param name="OtherChanges">Any other verdict change (fail ↔ error, pass ↔ not-applicable, fail/error → not-applicable).</param>
/// <param name="Added">Scenarios only the later run has, with their verdict there.</param>
/// <param name="Removed">Scenarios only the earlier run has, with their verdict there.</param>
/// <param name="LevelChanges">Scenarios whose level differs (independent of any verdict change).</param>
/// <param name="Unchanged">How many scenarios of both runs kept their verdict.</param>
public sealed record RunDiff(
    IReadOnlyList<VerdictChange> Regressions,
    IReadOnlyList<VerdictChange> Fixes,
    IReadOnlyList<VerdictChange> OtherChanges,
    IReadOnlyList<ScenarioResult> Added,
    IReadOnlyList<ScenarioResult> Removed,
    IReadOnlyList<LevelChange> LevelChanges,
    int Unchanged)
{
    /// <summary>True when nothing differs between the two runs' scenarios.</summary>
    public bool IsEmpty =>
        Regressions.Count == 0 && Fixes.Count == 0 && OtherChanges.Count == 0 && Added.Count == 0 && Removed.Count == 0 && LevelChanges.Count == 0;

    /// <summary>
    /// Compares run <paramref name="before"/> with run <paramref name="after"/> by scenario ID (ordinal). Pure: reads
    /// nothing but its arguments. Throws <see cref="ArgumentException"/> if a run lists the same ID twice, since
    /// "the verdict of X" would then be ambiguous.
    /// </summary>
    public static RunDiff Compare(RunResult before, RunResult after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var earlier = Index(before, nameof(before));
        var later = Index(after, nameof(after));

        List<VerdictChange> regressions = [], fixes = [], other = [];
        List<ScenarioResult> added = [];
        List<LevelChange> levels = [];
        var unchanged = 0;
        foreach (var b in after.Scenarios)
        {
            if (!earlier.TryGetValue(b.Id, out var a))
            {
                added.Add(b);
                continue;
            }

            if (a.Level != b.Level)
            {
                levels.Add(new LevelChange(b.Id, b.Title, a.Level, b.Level));
            }

            if (a.Verdict == b.Verdict)
            {
                unchanged++;
                continue;
            }

            var change = new VerdictChange(b.Id, b.Title, b.Level, a.Verdict, b.Verdict, b.Reason);
            (IsBad(b.Verdict) && !IsBad(a.Verdict) ? regressions
                : IsBad(a.Verdict) && b.Verdict == VerdictKind.Pass ? fixes
                : other).Add(change);
        }

        var removed = before.Scenarios.Where(a => !later.ContainsKey(a.Id)).ToList();
        return new RunDiff(regressions, fixes, other, added, removed, levels, unchanged);
    }

    /// <summary>True if a regression sits at <paramref name="failOn"/> or a stronger level (the later run's level).</summary>
    public bool HasGatingRegression(Level failOn) => Regressions.Any(r => r.Level <= failOn);

    private static bool IsBad(VerdictKind verdict) => verdict is VerdictKind.Fail or VerdictKind.Error;

    private static Dictionary<string, ScenarioResult> Index(RunResult run, string name)
    {
        var index = new Dictionary<string, ScenarioResult>(StringComparer.Ordinal);
        foreach (var s in run.Scenarios)
        {
            if (!index.TryAdd(s.Id, s))
            {
                throw new ArgumentException($"scenario {s.Id} appears more than once in the run", name);
            }
        }

        return index;
    }
}
