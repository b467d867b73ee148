namespace Conformance.Profiles;

/// <summary><c>claims.sni</c>: certificates chosen by server name (the names come from <c>pki.sni</c>).</summary>
public sealed record SniClaim
{
    /// <summary>What an unknown server name gets: <c>default</c> (the endpoint's default certificate) or <c>refuse</c>.</summary>
    public string Unknown { get; init; } = "default";

    /// <summary>The TLS endpoint that routes by SNI (defaults to the first TLS endpoint).</summary>
    public string? Endpoint { get; init; }

    public bool Assumed { get; init; }
}
