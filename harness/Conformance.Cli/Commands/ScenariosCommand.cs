using System.CommandLine;
using Conformance.Suites;
using Spectre.Console;

namespace Conformance.Cli.Commands;

/// <summary><c>conformance scenarios</c>: the catalog as a table.</summary>
internal static class ScenariosCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("scenarios", "List the scenario catalog (IDs, suites, levels, requirements).");
        command.SetAction(_ =>
        {
            var console = CliOutput.For(output);
            var table = new Table().AddColumns("ID", "Suite", "Level", "Requirement");
            foreach (var s in Catalog.All)
            {
                table.AddRow(Markup.Escape(s.Info.Id), Markup.Escape(s.Info.Suite), s.Info.Level.ToString().ToUpperInvariant(), Markup.Escape(s.Info.Requirement));
            }

            console.Write(table);
            return 0;
        });
        return command;
    }
}
