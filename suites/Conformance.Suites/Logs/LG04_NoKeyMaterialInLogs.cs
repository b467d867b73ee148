using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Logs;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Logs;

/// <summary>
/// LG-04: no private-key material in any log — the target's whole captured output, the catalog's log file, and every
/// <c>*.log</c> file in the run folder — neither a PEM private-key header nor a base64 fragment of this run's actual
/// private keys (the PKI's, the profile's <c>client:</c> keys and <c>caKey</c> with the variants issued from them, and
/// those the log scenarios installed). Offending lines are shown redacted.
/// </summary>
public sealed class LG04_NoKeyMaterialInLogs : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "LG-04",
        Suite: "logs",
        Level: Level.Must,
        Title: "No private-key material in any log",
        Requirement: "No private-key material in any log.",
        Capability: "logs",
        NotApplicableBecause: LogChecks.Applies)
    {
        ReadsWholeRun = true,
        Consumes = [LogChecks.InstalledKeys],
    };

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var sources = LogChecks.SourcesOf(ctx);
        var fragments = LogChecks.KeyFragments(ctx);
        var scanned = new List<(string Source, IReadOnlyList<LogLine> Lines)>();
        foreach (var s in sources.All)
        {
            scanned.Add((s.Name, s.Lines));
        }

        // Log files the implementation writes in the run folder that the catalog does not name (e.g. an access log).
        var named = sources.All.OfType<Conformance.Logs.FileLogSource>().Select(f => Path.GetFullPath(f.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(ctx.RunFolder.Path, "*.log", SearchOption.AllDirectories).Where(f => !named.Contains(Path.GetFullPath(f))))
        {
            var at = ctx.Time.GetUtcNow();
            var text = await File.ReadAllLinesAsync(file, cancellationToken);
            scanned.Add(($"file {file}", [.. text.Select(t => new LogLine(at, Path.GetFileName(file), t))]));
        }

        var found = new List<(string Source, LogLine Line, string What)>();
        foreach (var (source, lines) in scanned)
        {
            foreach (var line in lines)
            {
                if (LogChecks.KeyMaterialIn(line.Text, fragments) is { } what)
                {
                    found.Add((source, line, what));
                }
            }
        }

        var total = scanned.Sum(s => s.Lines.Count);
        ctx.Note($"scanned {total} lines from {scanned.Count} source(s) ({string.Join(", ", scanned.Select(s => $"{s.Source}: {s.Lines.Count}"))}) for PEM private-key headers and {fragments.Count} base64 fragments of the run's private keys");
        foreach (var group in found.GroupBy(f => f.Source))
        {
            // The offending text itself never goes into the evidence: it is key material.
            ctx.Add(new LogLinesEvidence(group.Key, "PEM private-key header or a fragment of this run's private keys", [.. group.Take(10).Select(f => new LogLineRecord(f.Line.ArrivedUtc, f.Line.Source, $"(line redacted: it holds {f.What})"))], "no private-key material in any line", false)
            {
                Observed = $"{group.Count()} line(s) hold private-key material",
            });
        }

        return found.Count == 0
            ? Verdict.Pass($"no private-key material in {total} captured log lines from {scanned.Count} source(s)")
            : Verdict.Fail($"{found.Count} log line(s) hold private-key material: {found[0].What} in {found[0].Source} at {found[0].Line.ArrivedUtc:HH:mm:ss.fff}");
    }
}
