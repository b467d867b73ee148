using System.Text;
using System.Text.Json;
using Conformance.Diagnostics;
using Conformance.Model;

namespace Conformance.Reports;

/// <summary>Writes every report of a run into one folder: report.html, results.json, junit.xml, summary.md.</summary>
public static class ReportSet
{
    public const string Html = "report.html";
    public const string Json = "results.json";
    public const string JUnit = "junit.xml";
    public const string Markdown = "summary.md";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Renders a one-scenario run with every renderer and throws the text away: a run calls it on another thread when it
    /// starts, so the first real rendering does not pay for compiling the renderers (System.Text.Json's metadata above
    /// all) after the scenarios, nor inside the 3 s an interrupted run has.
    /// </summary>
    public static void WarmUp()
    {
        var run = WarmUpRun();
        foreach (var text in new[] { JsonReport.Serialize(run), JUnitReport.Render(run), MarkdownReport.Render(run), HtmlReport.Render(run) })
        {
            _ = ReportSafety.ContainsPrivateKeyMaterial(text);
        }
    }

    /// <summary>A one-scenario run that exercises every renderer's paths; for warming up other views of a run (the console table).</summary>
    public static RunResult WarmUpRun()
    {
        ScenarioResult[] scenarios = [new("WARM-UP", "warm-up", Level.Must, "warm-up", "warm-up", "warm-up", VerdictKind.Error, "run interrupted", 0, [new Evidence.NoteEvidence("warm-up")])];
        return new RunResult
        {
            HarnessVersion = "warm-up",
            Profile = "warm-up",
            Target = "process",
            Seed = 0,
            StartedUtc = DateTimeOffset.UnixEpoch,
            DurationMs = 0,
            Verdicts = VerdictCounts.From(scenarios),
            ExitCode = ExitCodes.Interrupted,
            Interrupted = true,
            Finished = 0,
            Total = 1,
            FailOn = Level.Must,
            Scenarios = scenarios,
        };
    }

    /// <summary>
    /// Writes the four reports into <paramref name="directory"/> (created if missing). The caller chooses the folder;
    /// use <see cref="RunOutput.CreateRunFolder"/> for a fresh one that never overwrites an earlier run.
    /// Throws <see cref="InvalidOperationException"/> and writes nothing if any report would contain a private key.
    /// </summary>
    public static async Task WriteAsync(RunResult result, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);

        // Everything is rendered and checked before the first byte is written: a refused report leaves no partial files.
        var json = JsonReport.Serialize(result);
        StartupTrace.Mark("results.json rendered");
        var junit = JUnitReport.Render(result);
        StartupTrace.Mark("junit.xml rendered");
        var markdown = MarkdownReport.Render(result);
        StartupTrace.Mark("summary.md rendered");
        var html = HtmlReport.Render(result);
        StartupTrace.Mark("report.html rendered");
        (string Name, string Text)[] files = [(Json, json), (JUnit, junit), (Markdown, markdown), (Html, html)];
        foreach (var (name, text) in files)
        {
            if (ReportSafety.ContainsPrivateKeyMaterial(text))
            {
                // Name where it came from so the leak can be traced, but never echo the key itself.
                var scenario = result.Scenarios.FirstOrDefault(s => ReportSafety.ContainsPrivateKeyMaterial(JsonSerializer.Serialize(s, JsonReport.Options)));
                var where = scenario is null ? "the run's own fields" : $"scenario {scenario.Id}";
                throw new InvalidOperationException(
                    $"refusing to write the reports: {name} would contain private key material (a PEM private key block, from {where}); no report was written");
            }
        }

        Directory.CreateDirectory(directory);
        foreach (var (name, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, name), text, Utf8NoBom, cancellationToken);
        }
    }
}
