namespace Conformance.Profiles;

/// <summary><c>claims.tls</c>: protocol versions and ALPN.</summary>
public sealed record TlsClaim
{
    /// <summary>Minimum version: <c>1.2</c> or <c>1.3</c>.</summary>
    public string Min { get; init; } = "1.2";

    public IReadOnlyList<string> Alpn { get; init; } = [];

    public bool Assumed { get; init; }
}
