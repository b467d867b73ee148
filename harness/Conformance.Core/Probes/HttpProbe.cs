using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>Sends one HTTP/1.1 request over TCP or TLS and records the exchange. It never follows redirects and never retries.</summary>
public sealed class HttpProbe(ProbeOptions options, TimeProvider time)
{
    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public Task<HttpExchangeEvidence> SendAsync(HttpProbeRequest request, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
