namespace Conformance.Evidence;

/// <summary>Handshake outcomes in the words of the wire: the alert (name and number), a close, a reset, non-TLS bytes.</summary>
public static class HandshakeWords
{
    public static string Describe(HandshakeEvidence e) => e.Outcome switch
    {
        HandshakeOutcome.Accepted => $"accepted ({e.Protocol}, {e.Cipher})",
        HandshakeOutcome.RefusedInHandshake => e.Alert is { } a ? $"refused in the handshake with alert {a}" : $"refused in the handshake: {e.Detail}",
        HandshakeOutcome.RefusedAfterHandshake => e.Alert is { } a ? $"closed after handshake with alert {a}" : e.Detail ?? "closed after handshake",
        HandshakeOutcome.RefusedByApplication => $"refused by the application: {e.Detail}",
        HandshakeOutcome.ClosedCleanly => "closed without an alert",
        HandshakeOutcome.Reset => "reset",
        HandshakeOutcome.NonTlsAnswer => e.Detail ?? "non-TLS bytes",
        HandshakeOutcome.TimedOut => "no answer before the deadline",
        _ => "connection refused",
    };
}
