using Conformance.Profiles;

namespace Conformance.Targets.Processes;

/// <summary>The <c>process</c> target: the harness starts the implementation as a local process tree.</summary>
public sealed class ProcessDriver : ITargetDriver
{
    public TargetKind Kind => TargetKind.Process;

    public TargetCapability Capabilities =>
        TargetCapability.HarnessPki | TargetCapability.SwapCertificate | TargetCapability.Reload | TargetCapability.Restart
        | TargetCapability.StartVariant | TargetCapability.WriteTrustBundles | TargetCapability.ReadLogs | TargetCapability.ReportExit | TargetCapability.SwapCertificateWhileDown;

    public TargetSpecProblem? Check(TargetSpec spec, Func<string, bool> written) =>
        spec.Command is null ? TargetSpecProblem.Missing("target.command", "command: \"{reference}\" (or the path of your server)") : null;

    // The folder is per run: an implementation that is not given {run:bundles} can never see a bundle. Files the
    // target renders may carry it inside their text, which is not read here.
    public string? TrustBundleProblem(TargetSpec spec) =>
        spec.Files.Count == 0 && !spec.Args.Concat(spec.Environment.Values).Any(a => a.Contains("{run:bundles}", StringComparison.Ordinal))
            ? "the process target is never told where trust bundles are written: pass \"{run:bundles}\" in target.args or target.env"
            : null;

    public CreatedTarget Create(TargetContext context)
    {
        var process = new ProcessTarget(context.Resolved, context.Time);
        return new CreatedTarget(process, () => new ProcessTargetActions(process, context.Pki, ResolveReload(context), context.Time)
        {
            TrustBundleDirectory = context.Resolver.Values["run:bundles"],
        });
    }

    public async Task<StartAttempt> TryStartVariantAsync(VariantContext variant, IReadOnlyDictionary<string, string> overrides, TimeSpan within, TimeProvider time, CancellationToken cancellationToken)
    {
        var spec = variant.ResolveVariant(overrides, within);
        var command = string.Join(' ', new[] { spec.FileName ?? string.Empty }.Concat(spec.Arguments).Select(Quote));
        await using var target = new ProcessTarget(spec, time);
        var started = time.GetTimestamp();
        var outcome = await target.TryStartAsync(cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        await target.StopAsync(cancellationToken);
        return new StartAttempt(outcome == StartOutcome.Ready, outcome == StartOutcome.Exited, outcome == StartOutcome.Exited ? target.ExitCode : null, target.Logs, elapsed, command);
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\') ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static ProcessTargetActions.ResolvedReload? ResolveReload(TargetContext context) => context.Profile.Target.Reload switch
    {
        null => null,
        { Signal: { } signal } r => new ProcessTargetActions.ResolvedReload(ReloadSpec.Signals[signal], null, r.Within, context.Workspace.Path),
        { Command: { } command } r => new ProcessTargetActions.ResolvedReload(
            null, [.. command.Select((a, i) => context.Resolve(a, $"target.reload.command[{i}]"))], r.Within, context.Workspace.Path),
        _ => null,
    };
}
