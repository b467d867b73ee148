using Conformance.Probes;
using Conformance.Reports;
using Spectre.Console;

namespace Conformance.Cli.Commands;

/// <summary>
/// What a <c>conformance run</c> process pays once, paid on the second core while its main thread parses the command
/// line and reads the profile (docs/performance.md): first the scenario catalog's and the console's (Spectre's markup
/// and table layout, needed for the header line right after the profile is read), then the first TLS connection's (<see cref="ProbeWarmUp"/>,
/// needed by the served control). Output goes nowhere; <c>CONFORMANCE_NO_WARMUP=1</c> turns both off.
/// </summary>
internal static class RunWarmUp
{
    /// <summary>
    /// Starts the warm-up and returns at once. A run never awaits the task, so even a fault it did not expect changes
    /// nothing but the time; the TLS part reports its own failures as false (<see cref="ProbeWarmUp.RunAsync"/>).
    /// </summary>
    public static Task Start() => ProbeWarmUp.Enabled
        ? Task.Run(async () =>
        {
            // The catalog's forty scenarios are built on first use (the profile's scenario ids are checked against it).
            _ = Conformance.Suites.Catalog.All.Count;
            try
            {
                var console = CliOutput.For(TextWriter.Null);
                console.MarkupLine($"[bold]conformance[/] {Markup.Escape("warm-up")} — [grey]warm-up[/] {Verdicts.Badge(Model.VerdictKind.Pass)}");
                console.Write(Verdicts.Table(ReportSet.WarmUpRun()));
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                // Nothing was written anywhere; the run's own console use reports its own problems.
            }

            await ProbeWarmUp.RunAsync(CancellationToken.None);
        })
        : Task.CompletedTask;
}
