using Spectre.Console;

namespace Conformance.Cli.Commands;

/// <summary>A Spectre console bound to the writer the app was given, so tests can read what a user would see.</summary>
internal static class CliOutput
{
    public static IAnsiConsole For(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = writer == System.Console.Out ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = writer == System.Console.Out ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = writer == System.Console.Out ? InteractionSupport.Detect : InteractionSupport.No,
        });

        // Redirected output (CI logs, tests) has no terminal width; 80 columns wraps every reason.
        if (writer != System.Console.Out || System.Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }

        return console;
    }
}
