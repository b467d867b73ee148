namespace Conformance.Probes;

/// <summary>How a connection attempt or exchange failed, as far as the transport lets us tell.</summary>
internal enum ProbeFailure
{
    ConnectionRefused,
    Reset,
    TimedOut,
    ClosedCleanly,
    Other,
}
