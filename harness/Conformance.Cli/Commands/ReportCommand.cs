using System.CommandLine;
using Conformance.Cli.Console;
using Conformance.Model;
using Conformance.Inputs;
using Conformance.Reports;
using Spectre.Console;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance report render RESULTS.json --out DIR</c> re-renders a past run's four reports;
/// <c>conformance report diff A.json B.json</c> shows regressions and fixes between two runs.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var report = new Command("report", "Work with the results.json of past runs.");
        report.Subcommands.Add(Render(output, error));
        report.Subcommands.Add(Diff(output, error));
        return report;
    }

    private static Command Render(TextWriter output, TextWriter error)
    {
        var results = new Argument<string>("RESULTS.json") { Description = "The results.json of a past run." };
        var outDir = new Option<string>("--out") { Description = "Folder to write report.html, results.json, junit.xml and summary.md into.", Required = true }.Takes("a folder path");
        var force = new Option<bool>("--force") { Description = "Overwrite the reports already in --out." };
        var command = new Command("render", "Re-render the four reports of a past run from its results.json.") { results, outDir, force };
        command.SetAction((parse, ct) => RenderAsync(parse.GetValue(results)!, parse.GetValue(outDir)!, parse.GetValue(force), output, error, ct));
        return command;
    }

    private static Command Diff(TextWriter output, TextWriter error)
    {
        var before = new Argument<string>("A.json") { Description = "results.json of the earlier run (the baseline)." };
        var after = new Argument<string>("B.json") { Description = "results.json of the later run (the candidate)." };
        var format = new Option<string>("--format") { Description = "text|markdown", DefaultValueFactory = _ => "text" }.OneOf("text", "markdown");
        var failOn = new Option<string>("--fail-on") { Description = "Lowest level whose regression exits 1: must|should|may.", DefaultValueFactory = _ => "must" }.OneOf("must", "should", "may");
        var command = new Command(
            "diff",
            "Show per scenario ID what changed from run A to run B: regressions (pass/not-applicable → fail/error), fixes, new and removed scenarios, changed levels. Exits 1 when B regressed at a gating level.")
        {
            before, after, format, failOn,
        };
        command.SetAction(parse => DiffRuns(
            parse.GetValue(before)!,
            parse.GetValue(after)!,
            parse.GetValue(format) == "markdown",
            Enum.Parse<Level>(parse.GetValue(failOn)!, ignoreCase: true),
            output,
            error));
        return command;
    }

    private static async Task<int> RenderAsync(string resultsPath, string dir, bool force, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (Load(resultsPath, error, ct) is not { } run)
        {
            return ExitCodes.BadUsage;
        }

        if (File.Exists(dir))
        {
            error.WriteLine($"error: --out {dir}: is a file, not a folder");
            return ExitCodes.BadUsage;
        }

        var existing = Path.Combine(dir, ReportSet.Html);
        if (File.Exists(existing) && !force)
        {
            error.WriteLine($"error: --out {dir}: {existing} already exists; refusing to overwrite it (use --force)");
            return ExitCodes.BadUsage;
        }

        try
        {
            await ReportSet.WriteAsync(run, dir, ct);
        }
        catch (InvalidOperationException e)
        {
            // ReportSet refuses a run whose text holds private key material; the message names the scenario, never the key.
            error.WriteLine($"error: {resultsPath}: {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: --out {dir}: cannot write the reports: {e.Message}");
            return ExitCodes.InfrastructureError;
        }

        output.WriteLine($"wrote {ReportSet.Html}, {ReportSet.Json}, {ReportSet.JUnit}, {ReportSet.Markdown} in {dir} (profile {ReportTextOf(run.Profile)}, {run.Scenarios.Count} scenario(s), run exit code {run.ExitCode})");
        return ExitCodes.Conformant;
    }

    private static int DiffRuns(string beforePath, string afterPath, bool markdown, Level failOn, TextWriter output, TextWriter error)
    {
        if (Load(beforePath, error) is not { } before || Load(afterPath, error) is not { } after)
        {
            return ExitCodes.BadUsage;
        }

        RunDiff diff;
        try
        {
            diff = RunDiff.Compare(before, after);
        }
        catch (ArgumentException e)
        {
            var file = e.ParamName == "before" ? beforePath : afterPath;
            error.WriteLine($"error: {file}: {e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal)}");
            return ExitCodes.BadUsage;
        }

        if (markdown)
        {
            output.Write(RunDiffMarkdown.Render(diff, before, after, failOn));
        }
        else
        {
            WriteText(CliOutput.For(output), diff, before, after, failOn);
        }

        return diff.HasGatingRegression(failOn) ? ExitCodes.NonConformant : ExitCodes.Conformant;
    }

    private static void WriteText(IAnsiConsole console, RunDiff diff, RunResult before, RunResult after, Level failOn)
    {
        console.MarkupLine($"[bold]A[/] {Markup.Escape(TerminalText.Line(RunDiffMarkdown.Describe(before)))}");
        console.MarkupLine($"[bold]B[/] {Markup.Escape(TerminalText.Line(RunDiffMarkdown.Describe(after)))}");
        if (diff.IsEmpty)
        {
            console.MarkupLine($"No scenario changed ({diff.Unchanged} unchanged).");
        }
        else
        {
            var table = new Table().AddColumns("Change", "ID", "Level", "A", "B", "Reason in B");
            foreach (var c in diff.Regressions)
            {
                var gating = c.Level <= failOn;
                table.AddRow(gating ? "[red bold]regression[/]" : "[red]regression[/] [grey](not gating)[/]", Markup.Escape(TerminalText.Line(c.Id)), Level(c.Level), Verdicts.Badge(c.Before), Verdicts.Badge(c.After), Reason(c.Reason));
            }

            foreach (var c in diff.Fixes)
            {
                table.AddRow("[green]fix[/]", Markup.Escape(TerminalText.Line(c.Id)), Level(c.Level), Verdicts.Badge(c.Before), Verdicts.Badge(c.After), Reason(c.Reason));
            }

            foreach (var c in diff.OtherChanges)
            {
                table.AddRow("changed", Markup.Escape(TerminalText.Line(c.Id)), Level(c.Level), Verdicts.Badge(c.Before), Verdicts.Badge(c.After), Reason(c.Reason));
            }

            foreach (var s in diff.Added)
            {
                table.AddRow("new", Markup.Escape(TerminalText.Line(s.Id)), Level(s.Level), "[grey]—[/]", Verdicts.Badge(s.Verdict), Reason(s.Reason));
            }

            foreach (var s in diff.Removed)
            {
                table.AddRow("removed", Markup.Escape(TerminalText.Line(s.Id)), Level(s.Level), Verdicts.Badge(s.Verdict), "[grey]—[/]", string.Empty);
            }

            foreach (var c in diff.LevelChanges)
            {
                table.AddRow("level", Markup.Escape(TerminalText.Line(c.Id)), $"{Level(c.Before)} → {Level(c.After)}", string.Empty, string.Empty, string.Empty);
            }

            console.Write(table);
            console.MarkupLine($"{diff.Regressions.Count} regression(s), {diff.Fixes.Count} fix(es), {diff.OtherChanges.Count} other change(s), {diff.Added.Count} new, {diff.Removed.Count} removed, {diff.LevelChanges.Count} level change(s), {diff.Unchanged} unchanged");
        }

        var verdict = Markup.Escape(RunDiffMarkdown.Verdict(diff, failOn));
        console.MarkupLine(diff.HasGatingRegression(failOn) ? $"[red bold]{verdict}[/]" : $"[green]{verdict}[/]");
    }

    /// <summary>Reads a results.json; on failure writes one line naming the file and returns null.</summary>
    private static RunResult? Load(string path, TextWriter error, CancellationToken ct = default)
    {
        try
        {
            return JsonReport.Parse(InputFile.ReadText(path, InputFile.ResultsBound, "a results.json", ct), path);
        }
        catch (ResultsFormatException e)
        {
            error.WriteLine($"error: {e.Message}");
        }
        catch (InputFileException e)
        {
            error.WriteLine($"error: {e.Message}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error.WriteLine($"error: {path}: no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: {path}: cannot read it: {e.Message}");
        }

        return null;
    }

    private static string Level(Level level) => level.ToString().ToUpperInvariant();

    private static string Reason(string? reason)
    {
        var text = TerminalText.Line(reason ?? string.Empty);
        return Markup.Escape(text.Length <= 120 ? text : text[..119] + "…");
    }

    private static string ReportTextOf(string text) => TerminalText.Line(text);
}
