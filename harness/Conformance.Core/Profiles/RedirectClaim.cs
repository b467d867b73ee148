namespace Conformance.Profiles;

/// <summary><c>claims.redirect</c>: the redirect the HTTP port serves.</summary>
public sealed record RedirectClaim
{
    public int Status { get; init; } = 301;

    /// <summary>The Location follows the request's Host header by design (RD-04 is then not applicable).</summary>
    public bool HostMirroring { get; init; }

    /// <summary>HEAD gets the same redirect as GET.</summary>
    public bool Head { get; init; } = true;

    /// <summary>What POST gets: <c>redirect</c> (same status) or <c>any</c> (any 3xx/4xx without application body).</summary>
    public string Post { get; init; } = "redirect";

    public bool Assumed { get; init; }
}
