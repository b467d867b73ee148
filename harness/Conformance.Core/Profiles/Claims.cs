namespace Conformance.Profiles;

/// <summary>The <c>claims:</c> section. A scenario whose claim is absent is not applicable.</summary>
public sealed record Claims
{
    public OldPortMode? OldPort { get; init; }

    public RedirectClaim? Redirect { get; init; }

    public TlsClaim? Tls { get; init; }

    public SniClaim? Sni { get; init; }

    public ContentClaim? Content { get; init; }

    public SecretClaim? Secret { get; init; }

    public ReloadClaim? Reload { get; init; }

    public TrustBundleClaim? TrustBundle { get; init; }

    /// <summary>Groups of endpoint names that serve the same leaf certificate.</summary>
    public IReadOnlyList<IReadOnlyList<string>> SameCertificate { get; init; } = [];

    /// <summary>Groups of endpoint names whose chains end at the same CA.</summary>
    public IReadOnlyList<IReadOnlyList<string>> SameIssuer { get; init; } = [];

    /// <summary>Claims marked <c>assumed: true</c>, by YAML path.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];
}
