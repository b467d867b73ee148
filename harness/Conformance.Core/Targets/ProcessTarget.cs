using Conformance.Profiles;

namespace Conformance.Targets;

/// <summary>
/// A local command: started with its arguments, stdout/stderr captured line by line with arrival times, ready when
/// its ready port accepts TCP (bounded Polly wait), stopped with SIGTERM then killed (whole tree) after the stop timeout.
/// </summary>
public sealed class ProcessTarget(ResolvedTargetSpec spec, TimeProvider time) : ITarget
{
    public ResolvedTargetSpec Spec { get; } = spec;

    public TimeProvider Time { get; } = time;

    public TargetKind Kind => TargetKind.Process;

    public bool SupportsActions => true;

    public IReadOnlyList<LogLine> Logs => throw new NotImplementedException();

    public Task StartAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task StopAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task RestartAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
