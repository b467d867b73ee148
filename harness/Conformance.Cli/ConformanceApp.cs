using System.CommandLine;
using Conformance.Cli.Commands;
using Conformance.Model;

namespace Conformance.Cli;

/// <summary>The <c>conformance</c> command line: verbs, options, and the exit codes DESIGN.md defines.</summary>
public static class ConformanceApp
{
    /// <summary>Parses and runs; returns the process exit code. Output goes to the writers given (tests pass their own).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Checks whether HTTPS-serving software keeps its transport-security promises.");
        root.Subcommands.Add(RunCommand.Create(output, error));
        root.Subcommands.Add(ScenariosCommand.Create(output));
        root.Subcommands.Add(ProfilesCommand.Create(output, error));
        root.Subcommands.Add(PkiCommand.Create(output, error));
        root.Subcommands.Add(BenchCommand.Create(output, error));
        root.Subcommands.Add(ReportCommand.Create(output, error));
        root.Subcommands.Add(ClusterCommand.Create(output, error));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One clear line, exit 2: a parse error is bad usage, whatever System.CommandLine would return.
            error.WriteLine($"error: {parse.Errors[0].Message} (see 'conformance --help')");
            return ExitCodes.BadUsage;
        }

        var config = new InvocationConfiguration { Output = output, Error = error };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("error: interrupted");
            return ExitCodes.InfrastructureError;
        }
    }
}
