namespace Conformance.Evidence;

/// <summary>What a server did with a ClientHello offering one version.</summary>
public enum VersionOutcome
{
    /// <summary>A ServerHello selecting the offered version.</summary>
    Accepted,

    /// <summary>A ServerHello selecting some other version (a server bug: it must refuse instead).</summary>
    OtherVersion,

    /// <summary>An alert record (protocol_version, handshake_failure, insufficient_security, internal_error, …).</summary>
    Alert,

    ClosedCleanly,
    Reset,
    TimedOut,
    ConnectionRefused,

    /// <summary>Bytes that are not a TLS record.</summary>
    NonTlsAnswer,
}
