using System.Security.Cryptography.X509Certificates;
using Conformance.Evidence;

namespace Conformance.Probes;

/// <summary>One HTTP/1.1 request, sent over plain TCP or TLS, with exactly the Host header given.</summary>
public sealed record HttpProbeRequest(string Endpoint, string Host, int Port, string Method, string Target, string HostHeader)
{
    public bool Tls { get; init; }

    /// <summary>SNI when <see cref="Tls"/> is set.</summary>
    public string? ServerName { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Intermediates sent after <see cref="ClientCertificate"/> (a client identity whose issuer is not the root).</summary>
    public IReadOnlyList<X509Certificate2> ClientIntermediates { get; init; } = [];

    public string? Body { get; init; }

    public IReadOnlyList<HttpHeader> Headers { get; init; } = [];
}
