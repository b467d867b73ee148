namespace Conformance.Suites.Tests.Hostile;

/// <summary>How a hostile in-test server treats a connection.</summary>
public enum HostileBehaviour
{
    /// <summary>Accepts TCP and never sends a byte (nor closes).</summary>
    AcceptsAndSilent,

    /// <summary>Accepts and answers every connection with random non-TLS bytes.</summary>
    RandomBytes,

    /// <summary>Listens (the kernel completes connections into the backlog) but never calls accept().</summary>
    ListensNeverAccepts,

    /// <summary>Accepts and answers everything with a TLS handshake_failure alert, then closes.</summary>
    RefusesEverything,
}
