namespace Conformance.Profiles;

/// <summary>What an endpoint does with plaintext HTTP.</summary>
public enum PlaintextMode
{
    /// <summary>The endpoint speaks TLS; plaintext must be refused.</summary>
    Refused,

    /// <summary>A plaintext port that serves only a redirect to HTTPS.</summary>
    Redirect,

    /// <summary>The former HTTP port, now closed.</summary>
    Closed,

    /// <summary>Plaintext by design (control plane, metrics): listed in the report, not judged.</summary>
    ByDesign,
}
