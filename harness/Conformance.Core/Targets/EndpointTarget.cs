using Conformance.Profiles;

namespace Conformance.Targets;

/// <summary>Something already running at host:port. Nothing to start; scenarios that need actions are not applicable.</summary>
public sealed class EndpointTarget(ResolvedTargetSpec spec, TimeProvider time) : ITarget
{
    public ResolvedTargetSpec Spec { get; } = spec;

    public TimeProvider Time { get; } = time;

    public TargetKind Kind => TargetKind.Endpoint;

    public bool SupportsActions => false;

    public IReadOnlyList<LogLine> Logs => [];

    /// <summary>Checks (bounded) that the ready port accepts TCP; throws <see cref="TargetException"/> with one line when it does not.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RestartAsync(CancellationToken cancellationToken) =>
        throw new TargetException("the endpoint target cannot restart the implementation");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
