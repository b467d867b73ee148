using System.CommandLine;
using Conformance.Cli.Commands;
using Conformance.Cli.Console;
using Conformance.Diagnostics;
using Conformance.Model;

namespace Conformance.Cli;

/// <summary>The <c>conformance</c> command line: verbs, options, and the exit codes README.md documents.</summary>
public static class ConformanceApp
{
    /// <summary>
    /// <c>--verbose</c>, on every verb: stack traces of harness failures. Without it a failure is one line, never a trace.
    /// </summary>
    internal static Option<bool> Verbose { get; } = new("--verbose") { Description = "Show stack traces of harness failures (otherwise one line).", Recursive = true };

    /// <summary>
    /// Parses and runs; returns the process exit code. Output goes to the writers given (tests pass their own).
    /// Cancelling <paramref name="cancellationToken"/> (Program does on SIGINT/SIGTERM) interrupts a run cleanly.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        // Every stderr line escaped and bounded, whoever writes it (see SafeLineWriter).
        using var safeError = new SafeLineWriter(error);
        try
        {
            return await RunCoreAsync(args, output, safeError, cancellationToken);
        }
        finally
        {
            safeError.Flush();
        }
    }

    private static async Task<int> RunCoreAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Checks whether HTTPS-serving software keeps its transport-security promises.");
        root.Options.Add(Verbose);
        (string Verb, Func<Command> Create)[] verbs =
        [
            ("run", () => RunCommand.Create(output, error)),
            ("scenarios", () => ScenariosCommand.Create(output)),
            ("profiles", () => ProfilesCommand.Create(output, error)),
            ("pki", () => PkiCommand.Create(output, error)),
            ("bench", () => BenchCommand.Create(output, error)),
            ("report", () => ReportCommand.Create(output, error)),
            ("cluster", () => ClusterCommand.Create(output, error)),
        ];

        // A command line that starts with a verb needs only that verb's tree (building all seven costs a short run tens
        // of milliseconds); anything else (no verb, an option first, a misspelt verb) gets them all, so help and
        // suggestions list every verb.
        var named = args.Length > 0 ? verbs.Where(v => v.Verb == args[0]).ToArray() : [];
        foreach (var (_, create) in named.Length == 1 ? named : verbs)
        {
            root.Subcommands.Add(create());
        }

        var parse = root.Parse(args);
        StartupTrace.Mark("command line parsed");
        if (parse.Errors.Count > 0)
        {
            // One clear line, exit 2: a parse error is bad usage, whatever System.CommandLine would return.
            // Unrecognized tokens first: "Required command was not provided" says less than which word was wrong.
            var messages = parse.Errors.Select(e => string.Join(' ', (OptionForms.Rewrite(e) ?? e.Message).Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries)))
                .Distinct().OrderBy(m => m.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1);
            error.WriteLine($"error: {string.Join("; ", messages)} (see 'conformance --help')");
            return ExitCodes.BadUsage;
        }

        // Signals are Program's job (it cancels the token and keeps the process alive until cleanup is done); the
        // library's own handling would end the process after 2 s, before the target is stopped. Exceptions come here
        // so they become one line (and exit 3) rather than a stack trace.
        var config = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("error: interrupted");
            return ExitCodes.InfrastructureError;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: harness failure: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}{(parse.GetValue(Verbose) ? string.Empty : " (--verbose shows the stack trace)")}");
            if (parse.GetValue(Verbose))
            {
                error.WriteLine(e.ToString());
            }

            return ExitCodes.InfrastructureError;
        }
    }
}
