using Conformance.Cli.Console;
using Conformance.Model;
using Spectre.Console;

namespace Conformance.Cli.Commands;

/// <summary>How verdicts look on the console.</summary>
internal static class Verdicts
{
    public static string Badge(VerdictKind v) => v switch
    {
        VerdictKind.Pass => "[green]pass[/]",
        VerdictKind.Fail => "[red]FAIL[/]",
        VerdictKind.NotApplicable => "[grey]n/a [/]",
        _ => "[yellow]ERROR[/]",
    };

    public static Table Table(RunResult result)
    {
        var table = new Table().AddColumns("ID", "Level", "Verdict", "Reason");
        foreach (var r in result.Scenarios)
        {
            // A reason quotes what the target sent (a Location header, a status line): escaped before it reaches the terminal.
            table.AddRow(Markup.Escape(TerminalText.Line(r.Id)), r.Level.ToString().ToUpperInvariant(), Badge(r.Verdict), Markup.Escape(Shorten(TerminalText.Line(r.Reason ?? string.Empty), 160)));
        }

        return table;
    }

    public static string Summary(RunResult r)
    {
        var word = r.ExitCode switch
        {
            ExitCodes.Conformant => "[green bold]CONFORMANT[/]",
            ExitCodes.NonConformant => "[red bold]NOT CONFORMANT[/]",
            _ => "[yellow bold]UNDECIDED[/]",
        };
        var v = r.Verdicts;
        return $"{word} (exit {r.ExitCode}): {v.Pass} pass, {v.Fail} fail, {v.NotApplicable} not applicable, {v.Error} error";
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
