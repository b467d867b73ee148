namespace Conformance.Evidence;

/// <summary>Outcome classes of a TLS connection attempt (the classes profiles name in rejectAs; docs/profile.md).</summary>
public enum HandshakeOutcome
{
    Accepted,
    RefusedInHandshake,
    RefusedAfterHandshake,
    RefusedByApplication,
    ClosedCleanly,
    Reset,
    NonTlsAnswer,
    TimedOut,
    ConnectionRefused,
}
