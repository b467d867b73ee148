namespace Conformance.Profiles;

/// <summary><c>claims.content</c>: a known path whose body is application content (PT-03 looks for it over plaintext).</summary>
public sealed record ContentClaim
{
    public string Path { get; init; } = "/";

    /// <summary>A string the body contains; when absent the body fetched over TLS is used.</summary>
    public string? Marker { get; init; }
}
