using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Tests.Support;

/// <summary>How a <see cref="TlsTestServer"/> behaves.</summary>
public sealed record TlsTestServerOptions(X509Certificate2 Certificate)
{
    /// <summary>Sent after the leaf, in this order.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; init; } = [];

    public SslProtocols Protocols { get; init; } = SslProtocols.None;

    public IReadOnlyList<string> Alpn { get; init; } = [];

    /// <summary>When set, a client certificate is required and must chain to this CA.</summary>
    public X509Certificate2? ClientCa { get; init; }

    /// <summary>The HTTP/1.1 status line answered to a request read after the handshake.</summary>
    public string StatusLine { get; init; } = "HTTP/1.1 200 OK";
}
