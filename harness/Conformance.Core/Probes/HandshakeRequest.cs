using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Probes;

/// <summary>What a handshake probe offers: where, which SNI, which versions and ALPN, which client certificate.</summary>
public sealed record HandshakeRequest(string Endpoint, string Host, int Port, string? ServerName)
{
    /// <summary>Versions offered; <see cref="SslProtocols.None"/> lets the system choose.</summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.None;

    public IReadOnlyList<string> Alpn { get; init; } = [];

    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Intermediates sent after <see cref="ClientCertificate"/> (a client identity whose issuer is not the root).</summary>
    public IReadOnlyList<X509Certificate2> ClientIntermediates { get; init; } = [];

    /// <summary>
    /// After the handshake, write an HTTP/1.1 request for this path and read the answer before judging, because
    /// TLS 1.3 servers refuse client certificates only after the handshake. Null: judge on the handshake alone.
    /// </summary>
    public string? RequestPathAfterHandshake { get; init; }
}
