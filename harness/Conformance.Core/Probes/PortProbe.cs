using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>Checks whether a TCP port accepts a connection (refused, timed out, or listening).</summary>
public sealed class PortProbe(ProbeOptions options, TimeProvider time)
{
    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public Task<PortEvidence> ProbeAsync(string endpoint, string host, int port, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
