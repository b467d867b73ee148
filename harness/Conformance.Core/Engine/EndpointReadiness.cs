using System.Net.Sockets;
using Conformance.Profiles;
using Conformance.Targets;

namespace Conformance.Engine;

/// <summary>
/// After a target whose implementation can exit on its own (a local process) is ready (its one ready port accepts), waits — bounded — until every endpoint that must
/// listen (TLS endpoints and redirect ports) accepts TCP too. A server may open its listeners one after another;
/// without this, a scenario that starts at once (scenarios run concurrently) could find the HTTP port not yet open and
/// judge "closed". Endpoints declared closed or plaintext by design are not waited for. Never fails: past the bound
/// the scenarios judge what they find.
/// </summary>
public static class EndpointReadiness
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(1);

    public static async Task WaitAsync(RunEnvironment environment, TimeProvider time, CancellationToken cancellationToken)
    {
        if (environment.Target is not IExitReportingTarget process || process.HasExited)
        {
            return;
        }

        var pending = environment.Endpoints.Where(e => e.Spec.Plaintext is PlaintextMode.Refused or PlaintextMode.Redirect).ToList();
        var started = time.GetTimestamp();
        while (pending.Count > 0 && time.GetElapsedTime(started) < process.ReadyWithin && !process.HasExited)
        {
            var open = new List<ResolvedEndpoint>();
            foreach (var e in pending)
            {
                if (await TcpReadiness.TryConnectAsync(e.Host, e.Port, Attempt, time, cancellationToken) == SocketError.Success)
                {
                    open.Add(e);
                }
            }

            pending.RemoveAll(open.Contains);
            if (pending.Count > 0)
            {
                await Task.Delay(Poll, time, cancellationToken);
            }
        }
    }
}
