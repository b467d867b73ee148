using Conformance.Engine;
using Conformance.Evidence;
using Conformance.Logs;
using Conformance.Model;
using Conformance.Suites.Support;

namespace Conformance.Suites.Logs;

/// <summary>
/// LG-02: the catalog's start lines (queue-proxy: the watch line, the first load's reload line, the admin and main
/// start lines naming the port actually listened on) appear after the start, as many times as declared, within their
/// time. The start's window ends at the first action the harness took on the target afterwards.
/// </summary>
public sealed class LG02_StartLine : IScenario
{
    public ScenarioInfo Info { get; } = new(
        Id: "LG-02",
        Suite: "logs",
        Level: Level.Must,
        Title: "The start line appears",
        Requirement: "The start line appears (Starting tls server main ?:{port:https} for queue-proxy; catalogs may use port placeholders).",
        Capability: "logs",
        NotApplicableBecause: p => LogChecks.Applies(p) ?? (p.Logs!.Catalog.After(LogTrigger.Start).Any()
            ? null
            : $"the log catalog '{p.Logs.Catalog.Name}' lists no line expected after the start (when.after: start)"));

    public async Task<Verdict> RunAsync(ScenarioContext ctx, CancellationToken cancellationToken)
    {
        var sources = LogChecks.SourcesOf(ctx);
        var expectations = sources.Catalog.After(LogTrigger.Start).ToList();
        var patterns = expectations.ToDictionary(e => e, e => LogChecks.Compile(ctx, e));
        var from = sources.StartedUtc;
        var latest = from + expectations.Max(e => e.Within);
        ctx.Add(new ActionEvidence("start", $"the target was started (log sources: {string.Join(", ", sources.All.Select(s => s.Name))})", from, 0));

        // Lines may still be on their way when this scenario runs first: wait (bounded by the longest 'within') until
        // every expected count is reached, the window closed by an action, or the time is up.
        while (true)
        {
            var until = sources.Journal.FirstAfter(from) ?? ctx.Time.GetUtcNow();
            var lines = sources.CatalogSource.Lines;
            var windows = expectations.Select(e => LogMatcher.Match(sources.Catalog, e, patterns[e], lines, from, until)).ToList();
            var closed = sources.Journal.FirstAfter(from) is not null || ctx.Time.GetUtcNow() >= latest;
            if (closed || windows.All(w => w.Satisfied))
            {
                var bound = sources.Journal.Entries.FirstOrDefault(e => e.AtUtc >= from);
                if (bound.Action is not null)
                {
                    ctx.Note($"the start's window ends at the first action on the target: {bound.Action} at {bound.AtUtc:HH:mm:ss.fff}");
                }

                foreach (var w in windows)
                {
                    foreach (var evidence in LogChecks.Evidence(sources, w, "start", lines))
                    {
                        ctx.Add(evidence);
                    }

                }

                var missing = windows.Where(w => !w.Satisfied).ToList();
                return missing.Count == 0
                    ? Verdict.Pass($"every start line appeared as declared: {string.Join(", ", windows.Select(w => $"'{w.Expectation.Name}' {w.Matched.Count}×, {(w.Matched[^1].ArrivedUtc - from).TotalMilliseconds:0} ms after the start"))}")
                    : Verdict.Fail(string.Join("; ", missing.Select(w => $"'{w.Expectation.Name}': expected {w.Expected}, {w.Seen} (pattern {w.Pattern})")));
            }

            await Task.Delay(LogChecks.PollInterval * 4, ctx.Time, cancellationToken);
        }
    }
}
