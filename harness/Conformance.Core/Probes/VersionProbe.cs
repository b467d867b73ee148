using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>
/// Offers exactly one TLS version with a ClientHello the harness writes itself (not OpenSSL's, whose own policy
/// refuses TLS 1.0/1.1 on the client side), and reads the server's first record: a ServerHello (with the version
/// it chose, from supported_versions for TLS 1.3) or an alert with its exact code.
/// </summary>
public sealed class VersionProbe(ProbeOptions options, TimeProvider time)
{
    public ProbeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    /// <summary>Offers <paramref name="version"/> only (with ciphers that version can use) and reports what the server answered.</summary>
    public Task<VersionEvidence> OfferAsync(string endpoint, string host, int port, string? serverName, TlsVersion version, IReadOnlyList<string> alpn, CancellationToken cancellationToken)
        => throw new NotImplementedException();
}
