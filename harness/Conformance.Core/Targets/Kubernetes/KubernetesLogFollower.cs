using Conformance.Logs;
using k8s;

namespace Conformance.Targets.Kubernetes;

/// <summary>
/// Follows one pod container's log through the API (<c>GET …/pods/NAME/log?container=C&amp;follow=true</c>) and hands each
/// line on stamped with its arrival time, its source the container name. Ends when the pod's log ends or on dispose.
/// </summary>
internal sealed class KubernetesLogFollower(IKubernetes client, string ns, string pod, string container, TimeProvider time, Action<LogLine> sink) : IAsyncDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;

    public string Pod { get; } = pod;

    /// <summary>Still reading: the stream has not ended (a container restart or a deleted pod ends it).</summary>
    public bool Running => !_pump.IsCompleted;

    public void Start() => _pump = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump.WaitAsync(StopWait, time);
        }
        catch (TimeoutException)
        {
            // The stream did not notice the cancellation in time; it is abandoned, not awaited forever.
        }

        _stop.Dispose();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(Pod, ns, container: container, follow: true, cancellationToken: cancellationToken);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                sink(new LogLine(time.GetUtcNow(), container, line));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException || KubernetesErrors.IsApiFailure(e))
        {
            // Stopped, or the pod went away (a rollout replaced it): the lines read so far stay captured.
        }
    }
}
