using Conformance.Evidence;

namespace Conformance.Suites.Support;

/// <summary>Version-probe outcomes in words.</summary>
internal static class VersionWords
{
    public static string Describe(VersionEvidence e) => e.Outcome switch
    {
        VersionOutcome.Accepted => $"ServerHello selecting {e.Selected}",
        VersionOutcome.OtherVersion => $"ServerHello selecting {e.Selected}",
        VersionOutcome.Alert => $"alert {e.Alert}",
        VersionOutcome.ClosedCleanly => "closed without an alert",
        VersionOutcome.Reset => "reset",
        VersionOutcome.NonTlsAnswer => $"{(e.FirstBytesHex?.Length ?? 0) / 2} non-TLS bytes ({e.FirstBytesHex})",
        VersionOutcome.TimedOut => "no answer before the deadline",
        _ => "connection refused",
    };

    /// <summary>The server named the cause itself: alert protocol_version (70), the RFC 8446 answer to an unsupported version.</summary>
    public static bool StatesVersionCause(VersionEvidence e) => e.Outcome == VersionOutcome.Alert && e.Alert?.Code == 70;
}
