namespace Conformance.Profiles;

/// <summary>The <c>claims:</c> section. A scenario whose claim is absent is not applicable.</summary>
public sealed record Claims
{
    /// <summary>The profile-wide word (<c>oldPort: closed</c>); null when the claim is absent or written per endpoint.</summary>
    public OldPortMode? OldPort { get; init; }

    /// <summary>
    /// <c>oldPort: { ENDPOINT: closed|redirect }</c>: what became of each old HTTP port when endpoint sets differ
    /// (Flux: source-controller redirects, notification-controller's port is closed); empty for the one-word form.
    /// </summary>
    public IReadOnlyDictionary<string, OldPortMode> OldPorts { get; init; } = new Dictionary<string, OldPortMode>();

    /// <summary>Whether the profile says what became of its old HTTP port(s), in either form.</summary>
    public bool ClaimsOldPort => OldPort is not null || OldPorts.Count > 0;

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
