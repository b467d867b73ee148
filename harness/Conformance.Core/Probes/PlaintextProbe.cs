using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>
/// Sends one plaintext HTTP/1.1 request on a raw socket and classifies what came back: a TLS alert record,
/// an HTTP error page, a redirect, application content, a clean close, a reset, non-HTTP bytes, or nothing.
/// </summary>
public sealed class PlaintextProbe(ProbeOptions options, TimeProvider time)
{
    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Writes <c>METHOD target HTTP/1.1</c> with <c>Host: hostHeader</c> and <c>Connection: close</c>, reads until
    /// the peer closes, the read deadline passes or <see cref="ProbeOptions.MaxBodyBytes"/> arrive, and classifies.
    /// Connection refused is an outcome, not an exception.
    /// </summary>
    public Task<PlaintextEvidence> SendAsync(string endpoint, string host, int port, string method, string target, string hostHeader, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
