namespace Conformance.Evidence;

/// <summary>Outcome classes of a TLS connection attempt (DESIGN.md, "Probes and outcomes").</summary>
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
