using System.Net.Sockets;
using Conformance.Inputs;
using Conformance.Logs;
using Conformance.Model;
using Conformance.Profiles;

namespace Conformance.Targets.Endpoints;

/// <summary>Something already running at host:port. Nothing to start; scenarios that need actions are not applicable.</summary>
public sealed class EndpointTarget(ResolvedTargetSpec spec, TimeProvider time) : ITarget
{
    public ResolvedTargetSpec Spec { get; } = spec;

    public TimeProvider Time { get; } = time;

    public TargetKind Kind => TargetKind.Endpoint;

    public bool SupportsActions => false;

    public IReadOnlyList<LogLine> Logs => [];

    /// <summary>Checks (bounded) that the ready port accepts TCP; throws <see cref="TargetException"/> with one line when it does not.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Spec.ReadyPort is not { } port)
        {
            return;
        }

        // One attempt: the endpoint is supposed to be running already, so a refusal will not turn into a success by retrying.
        var result = await TcpReadiness.TryConnectAsync(Spec.Host, port, Spec.ReadyWithin, Time, cancellationToken);
        if (result == SocketError.Success)
        {
            return;
        }

        var where = $"{Spec.Host}:{port}";
        throw result switch
        {
            SocketError.ConnectionRefused => new TargetException($"nothing listens on {where} (connection refused)"),
            SocketError.TimedOut => new TargetException($"nothing answered on {where} within {Durations.Format(Spec.ReadyWithin)}"),
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => new TargetException($"cannot resolve {Spec.Host} (host not found)"),
            _ => new TargetException($"cannot connect to {where} ({result})"),
        };
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RestartAsync(CancellationToken cancellationToken) =>
        throw new TargetException("the endpoint target cannot restart the implementation");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
