namespace Conformance.Profiles;

/// <summary>
/// What a target driver can do to the implementation it reaches. Scenarios declare the capabilities they need (their
/// catalog entry's <c>Requires</c>) instead of naming target kinds, and the engine words the not-applicable reason, so a
/// new kind is judged by what it can do.
/// </summary>
[Flags]
public enum TargetCapability
{
    None = 0,

    /// <summary>The implementation serves the certificates the harness PKI issued (it did not bring its own).</summary>
    HarnessPki = 1 << 0,

    /// <summary>Replaces the served certificate and key while the implementation runs.</summary>
    SwapCertificate = 1 << 1,

    /// <summary>Makes the implementation re-read its files (<c>target.reload</c>).</summary>
    Reload = 1 << 2,

    /// <summary>Stops and starts the implementation.</summary>
    Restart = 1 << 3,

    /// <summary>Starts a second instance with some inputs altered, to see whether it refuses to start.</summary>
    StartVariant = 1 << 4,

    /// <summary>Writes trust bundles where the implementation discovers them (files or labelled ConfigMaps).</summary>
    WriteTrustBundles = 1 << 5,

    /// <summary>Captures the implementation's output.</summary>
    ReadLogs = 1 << 6,

    /// <summary>Runs the trust-bundle upstream beside the implementation (same network or namespace).</summary>
    HostUpstream = 1 << 7,

    /// <summary>Notices when the implementation exits on its own, so a verdict reached on a dead target becomes an error.</summary>
    ReportExit = 1 << 8,

    /// <summary>
    /// Puts a certificate back while the implementation is down (after a restart it refused), so the next restart can
    /// bring it back serving: files on the host, a Secret in the API server.
    /// </summary>
    SwapCertificateWhileDown = 1 << 9,
}
