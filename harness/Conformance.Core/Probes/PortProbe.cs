using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>Checks whether a TCP port accepts a connection (refused, timed out, or listening).</summary>
public sealed class PortProbe(ProbeOptions options, TimeProvider time)
{
    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    /// <summary>Connects once within <see cref="ProbeOptions.ConnectTimeout"/>; Detail is "accepted", "connection refused", "timed out" or the socket error.</summary>
    public async Task<PortEvidence> ProbeAsync(string endpoint, string host, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = await ProbeSocket.ConnectAsync(host, port, Options.ConnectTimeout, Time, cancellationToken);
            return new PortEvidence(endpoint, host, port, true, "accepted");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failure = ProbeErrors.Classify(e);
            var detail = failure == ProbeFailure.Other ? ProbeErrors.Describe(e) : ProbeErrors.Short(failure);
            return new PortEvidence(endpoint, host, port, false, detail);
        }
    }
}
