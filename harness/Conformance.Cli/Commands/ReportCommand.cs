using System.CommandLine;
using Conformance.Cli.Console;
using Conformance.Model;
using Conformance.Inputs;
using Conformance.Engine;
using Conformance.Reports;
using Conformance.Reports.Qualification;
using Spectre.Console;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>conformance report render RESULTS.json --out DIR</c> re-renders a past run's four reports;
/// <c>conformance report diff A.json B.json</c> shows regressions and fixes between two runs (or, per profile, two
/// qualification matrices); <c>conformance report merge RESULTS.json… --out DIR</c> builds a qualification matrix.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var report = new Command("report", "Work with the results.json of past runs.");
        report.Subcommands.Add(Render(output, error));
        report.Subcommands.Add(Diff(output, error));
        report.Subcommands.Add(Merge(output, error));
        return report;
    }

    private static Command Merge(TextWriter output, TextWriter error)
    {
        var results = new Argument<string[]>("RESULTS.json") { Description = "results.json files of separate runs (other machines, CI shards), one matrix row each.", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string>("--out") { Description = "Folder to write matrix.html, matrix.json and matrix.md into.", Required = true }.Takes("a folder path");
        var allowMixed = new Option<bool>("--allow-mixed") { Description = "Merge runs whose scenario catalogs differ (other scenario IDs or harness version)." };
        var force = new Option<bool>("--force") { Description = "Overwrite a matrix already in --out." };
        var command = new Command("merge", "Build the qualification matrix from the results.json of separate runs. Exits with the combined exit code of the runs.")
        {
            results, outDir, allowMixed, force,
        };
        command.SetAction((parse, ct) => MergeAsync(parse.GetValue(results)!, parse.GetValue(outDir)!, parse.GetValue(allowMixed), parse.GetValue(force), output, error, ct));
        return command;
    }

    private static async Task<int> MergeAsync(string[] paths, string dir, bool allowMixed, bool force, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var runs = new List<(string Path, RunResult Run)>();
        foreach (var path in paths)
        {
            if (IsMatrix(path))
            {
                error.WriteLine($"error: {path}: is a matrix.json; merge takes the results.json of each run (a matrix row links to its run's results.json)");
                return ExitCodes.BadUsage;
            }

            if (Load(path, error, ct) is not { } run)
            {
                return ExitCodes.BadUsage;
            }

            runs.Add((path, run));
        }

        if (!allowMixed && QualificationMatrix.CatalogMismatch(runs) is { } mismatch)
        {
            error.WriteLine($"error: {mismatch} (--allow-mixed merges them anyway)");
            return ExitCodes.BadUsage;
        }

        if (File.Exists(dir))
        {
            error.WriteLine($"error: --out {dir}: is a file, not a folder");
            return ExitCodes.BadUsage;
        }

        var existing = Path.Combine(dir, QualificationReport.Html);
        if (File.Exists(existing) && !force)
        {
            error.WriteLine($"error: --out {dir}: {existing} already exists; refusing to overwrite it (use --force)");
            return ExitCodes.BadUsage;
        }

        // Each run's folder is the one its results.json is in: its report.html there, if any, is what the row links to.
        var inputs = runs.Select(r => new MatrixInput(r.Run.Profile, r.Path, r.Run, Path.GetDirectoryName(Path.GetFullPath(r.Path)), r.Run.ExitCode)).ToList();
        var matrix = QualificationMatrix.Build(inputs, dir, ScenarioRunner.HarnessVersion, ScenarioRunner.HarnessCommit, DateTimeOffset.UtcNow);
        try
        {
            await QualificationReport.WriteAsync(matrix, dir, ct);
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: --out {dir}: cannot write the matrix: {e.Message}");
            return ExitCodes.InfrastructureError;
        }

        output.WriteLine($"wrote {QualificationReport.Html}, {QualificationReport.Json}, {QualificationReport.Markdown} in {dir}: {matrix.Profiles.Count} profile(s) × {matrix.Scenarios.Count} scenario(s), {MatrixMarkdown.Result(matrix.ExitCode)} (combined exit {matrix.ExitCode})");
        return matrix.ExitCode;
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
        var before = new Argument<string>("A.json") { Description = "results.json (or matrix.json) of the earlier run (the baseline)." };
        var after = new Argument<string>("B.json") { Description = "results.json (or matrix.json) of the later run (the candidate)." };
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
        var matrices = (IsMatrix(beforePath), IsMatrix(afterPath));
        if (matrices.Item1 != matrices.Item2)
        {
            error.WriteLine($"error: {(matrices.Item1 ? beforePath : afterPath)} is a matrix.json and {(matrices.Item1 ? afterPath : beforePath)} is not: diff two results.json or two matrix.json");
            return ExitCodes.BadUsage;
        }

        if (matrices.Item1)
        {
            return DiffMatrices(beforePath, afterPath, markdown, failOn, output, error);
        }

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

    private static int DiffMatrices(string beforePath, string afterPath, bool markdown, Level failOn, TextWriter output, TextWriter error)
    {
        if (LoadMatrix(beforePath, error) is not { } before || LoadMatrix(afterPath, error) is not { } after)
        {
            return ExitCodes.BadUsage;
        }

        MatrixDiff diff;
        try
        {
            diff = MatrixDiff.Compare(before, after);
        }
        catch (ArgumentException e)
        {
            // A profile listed twice in one matrix (e.g. a row named like another's #2) makes "its verdicts" ambiguous.
            error.WriteLine($"error: {beforePath} or {afterPath}: {e.Message}");
            return ExitCodes.BadUsage;
        }

        if (markdown)
        {
            output.Write(MatrixDiffMarkdown.Render(diff, failOn));
        }
        else
        {
            var console = CliOutput.For(output);
            foreach (var name in diff.Added)
            {
                console.MarkupLine($"[bold]profile added[/] {Markup.Escape(TerminalText.Line(name))}");
            }

            foreach (var name in diff.Removed)
            {
                console.MarkupLine($"[bold]profile removed[/] {Markup.Escape(TerminalText.Line(name))}");
            }

            foreach (var p in diff.Profiles)
            {
                console.WriteLine();
                console.MarkupLine($"[bold underline]{Markup.Escape(TerminalText.Line(p.Profile))}[/] (exit {p.Before.ExitCode} → {p.After.ExitCode})");
                WriteText(console, p.Diff, p.Before, p.After, failOn);
            }

            var verdict = Markup.Escape(TerminalText.Line(MatrixDiffMarkdown.Verdict(diff, failOn)));
            console.WriteLine();
            console.MarkupLine(diff.HasGatingRegression(failOn) ? $"[red bold]{verdict}[/]" : $"[green]{verdict}[/]");
        }

        return diff.HasGatingRegression(failOn) ? ExitCodes.NonConformant : ExitCodes.Conformant;
    }

    /// <summary>True if the file reads and is a matrix.json; anything else is left to the results.json reader's errors.</summary>
    private static bool IsMatrix(string path)
    {
        try
        {
            return MatrixJson.IsMatrix(InputFile.ReadText(path, InputFile.ResultsBound, "a results.json or matrix.json", CancellationToken.None));
        }
        catch (Exception e) when (e is InputFileException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    private static QualificationMatrix? LoadMatrix(string path, TextWriter error)
    {
        try
        {
            return MatrixJson.Parse(InputFile.ReadText(path, InputFile.ResultsBound, "a matrix.json", CancellationToken.None), path);
        }
        catch (Exception e) when (e is ResultsFormatException or InputFileException)
        {
            error.WriteLine($"error: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: {path}: cannot read it: {e.Message}");
        }

        return null;
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
