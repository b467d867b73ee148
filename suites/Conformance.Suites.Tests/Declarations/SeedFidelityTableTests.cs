using System.Text.RegularExpressions;
using Conformance.Drivers;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Declarations;

/// <summary>
/// docs/seed-fidelity.md stays true: each mutant it names exists, runs on the base it names and breaks one of its
/// row's scenarios; each scenario is in the catalog; each seed's assumed list is its profile's; the counts are the rows'.
/// </summary>
public sealed partial class SeedFidelityTableTests
{
    private static readonly string[] Seeds = ["Direktiv", "Feldera", "Flux", "Knative"];

    private static string Page => File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "seed-fidelity.md"));

    [Fact]
    public void Every_named_mutant_exists_on_its_base_and_breaks_a_scenario_of_its_row()
    {
        var problems = new List<string>();
        var rows = Rows().ToList();
        Assert.True(rows.Count > 40, $"only {rows.Count} promise rows found");
        foreach (var row in rows)
        {
            var scenarios = ScenarioIds().Matches(row.Scenario).Select(m => m.Value).ToList();
            problems.AddRange(scenarios.Where(id => Catalog.Find(id) is null).Select(id => $"{row.Id}: {id} is not in the catalog"));
            foreach (var (mutant, basis) in Mutants(row.Mutant))
            {
                var file = RepoPaths.Profile(Path.Combine("mutants", mutant + ".yaml"));
                if (!File.Exists(file))
                {
                    problems.Add($"{row.Id}: no mutant profile {mutant}");
                    continue;
                }

                var text = File.ReadAllText(file);
                var extends = ExtendsLine().Match(text).Groups[1].Value;
                if (Path.GetFileNameWithoutExtension(extends) != basis)
                {
                    problems.Add($"{row.Id}: {mutant} extends {extends}, not {basis}");
                }

                var breaks = ProfileLoader.Load(file).Mutant!.Breaks;
                if (!breaks.Any(scenarios.Contains))
                {
                    problems.Add($"{row.Id}: {mutant} breaks {string.Join(", ", breaks)}, none of {row.Scenario}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [InlineData("Direktiv", "direktiv.yaml")]
    [InlineData("Feldera", "feldera.yaml")]
    [InlineData("Flux", "flux.yaml")]
    [InlineData("Knative", "knative.yaml")]
    public void Each_seeds_assumed_list_is_what_its_profile_marks_assumed(string seed, string profile)
    {
        var section = Section(seed);
        var line = section.Split('\n').Single(l => l.StartsWith("Assumed (", StringComparison.Ordinal));

        var listed = AssumedKey().Matches(line.Split(':', 2)[1]).Select(m => m.Groups[1].Value).Where(k => !k.StartsWith("pki.", StringComparison.Ordinal));

        Assert.Equal(ProfileLoader.Load(RepoPaths.Profile(profile)).Assumptions, listed);
    }

    [Fact]
    public void The_summary_counts_are_the_rows_counts()
    {
        foreach (var seed in Seeds)
        {
            var rows = Rows().Where(r => r.Seed == seed).ToList();
            var own = seed == "Knative" ? new[] { "knative", "trust-bundles", "queue-proxy" } : [seed.ToLowerInvariant()];
            var expected = new[]
            {
                rows.Count,
                rows.Count(r => !r.Profile.StartsWith("not modelled", StringComparison.Ordinal)),
                rows.Count(r => ScenarioIds().IsMatch(r.Scenario)),
                rows.Count(r => Mutants(r.Mutant).Any()),
                rows.Count(r => Mutants(r.Mutant).Any(m => own.Contains(m.Base))),
            };

            var summary = Page.Split('\n').Single(l => l.StartsWith($"| {seed} |", StringComparison.Ordinal));
            var written = summary.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[1..].Select(int.Parse);

            Assert.True(expected.SequenceEqual(written), $"{seed}: the rows give {string.Join(", ", expected)}; the summary says {string.Join(", ", written)}");
        }
    }

    private static string Section(string seed)
    {
        var start = Page.IndexOf($"\n## {seed}", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section for {seed}");
        var end = Page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? Page[start..] : Page[start..end];
    }

    private static IEnumerable<Row> Rows()
    {
        foreach (var seed in Seeds)
        {
            foreach (var line in Section(seed).Split('\n').Where(l => PromiseRow().IsMatch(l)))
            {
                var cells = line.Split('|', StringSplitOptions.TrimEntries)[1..^1];
                yield return new Row(seed, cells[0], cells[2], cells[3], cells[4]);
            }
        }
    }

    /// <summary>"A, B (reference); C (feldera, a note)" → (A, reference), (B, reference), (C, feldera).</summary>
    private static IEnumerable<(string Name, string Base)> Mutants(string cell)
    {
        foreach (var group in cell.Split(';', StringSplitOptions.TrimEntries).Where(g => g.Contains('(', StringComparison.Ordinal)))
        {
            var open = group.IndexOf('(', StringComparison.Ordinal);
            var basis = group[(open + 1)..].TrimEnd(')').Split(',')[0].Trim();
            foreach (var name in group[..open].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                yield return (name, basis);
            }
        }
    }

    private sealed record Row(string Seed, string Id, string Profile, string Scenario, string Mutant);

    [GeneratedRegex(@"^\| [A-Z]\d+ \|")]
    private static partial Regex PromiseRow();

    [GeneratedRegex(@"\b[A-Z]{2,3}-\d\d\b")]
    private static partial Regex ScenarioIds();

    [GeneratedRegex(@"^extends:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex ExtendsLine();

    [GeneratedRegex(@"`([A-Za-z]+\.[A-Za-z]+)`")]
    private static partial Regex AssumedKey();
}
