namespace Conformance.Profiles;

/// <summary>What became of the former HTTP port (<c>claims.oldPort</c>).</summary>
public enum OldPortMode
{
    /// <summary>The same port switched to TLS (Feldera).</summary>
    Same,

    /// <summary>The old port is closed (Flux notification-controller).</summary>
    Closed,

    /// <summary>The old port serves only a redirect (Flux source-controller).</summary>
    Redirect,
}
