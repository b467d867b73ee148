namespace Conformance.Profiles;

/// <summary>The application protocol an endpoint speaks over TLS (<c>http</c> or <c>grpc</c>).</summary>
public enum EndpointProtocol
{
    Http,
    Grpc,
}
