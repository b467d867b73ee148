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
        VersionOutcome.Reset => "connection reset",
        VersionOutcome.NonTlsAnswer => $"non-TLS bytes {e.FirstBytesHex}",
        VersionOutcome.TimedOut => "no answer before the deadline",
        _ => "connection refused",
    };
}
