using Conformance.Cli;

namespace Conformance.Suites.Tests.Support;

/// <summary>
/// The CLI called in this process, as <c>conformance ARGS</c> would run, with its standard output and error captured:
/// the fast way for tests of what a command prints and exits with (child processes are for signals and real starts).
/// </summary>
internal static class InProcessCli
{
    /// <summary>Runs the CLI with the current test's cancellation token.</summary>
    public static Task<(int Code, string Out, string Err)> CliAsync(params string[] args) => CliAsync(TestContext.Current.CancellationToken, args);

    public static async Task<(int Code, string Out, string Err)> CliAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ConformanceApp.RunAsync(args, output, error, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
