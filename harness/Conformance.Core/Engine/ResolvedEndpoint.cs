using System.Security.Cryptography.X509Certificates;
using Conformance.Profiles;

namespace Conformance.Engine;

/// <summary>An endpoint with its placeholders resolved for this run: the address to connect to, SNI, external URL and trust anchors.</summary>
public sealed record ResolvedEndpoint(
    EndpointSpec Spec,
    string Host,
    int Port,
    string? ServerName,
    string ExternalUrl,
    IReadOnlyList<X509Certificate2> TrustAnchors)
{
    public string Name => Spec.Name;

    /// <summary>The Host header a client of this endpoint sends: the server name without a trailing dot, with the port.</summary>
    public string HostHeader => $"{(ServerName ?? Host).TrimEnd('.')}:{Port}";

    /// <summary>The external URL plus a path and query: what a redirect to this endpoint must name.</summary>
    public string ExternalUrlFor(string pathAndQuery) => ExternalUrl.TrimEnd('/') + pathAndQuery;
}
