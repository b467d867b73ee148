namespace Conformance.Probes;

/// <summary>
/// Performs one TLS handshake with <see cref="System.Net.Security.SslStream"/>, accepting any chain (the policy
/// judges it later), and records version, cipher, ALPN, the served chain and the outcome class with the alert
/// where one can be read.
/// </summary>
public sealed class HandshakeProbe(ProbeOptions options, TimeProvider time)
{
    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public Task<HandshakeResult> ConnectAsync(HandshakeRequest request, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
