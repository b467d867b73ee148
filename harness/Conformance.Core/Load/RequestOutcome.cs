namespace Conformance.Load;

/// <summary>How one request of the load ended. Everything but <see cref="Ok"/> is a failed request: nothing is retried.</summary>
public enum RequestOutcome : byte
{
    Ok,

    /// <summary>An HTTP status of 400 or more.</summary>
    HttpError,

    /// <summary>The served chain did not validate against the population's trust anchors (or the name did not match).</summary>
    Untrusted,

    RefusedInHandshake,
    Reset,

    /// <summary>The connection closed after the request was written and before the response was complete.</summary>
    ClosedMidRequest,

    TimedOut,
    ConnectionRefused,
    OtherError,

    /// <summary>
    /// A reused keep-alive connection was closed by the server (FIN, not a reset) before any byte of the response:
    /// the race RFC 9112 §9.3.1 leaves to clients, which retry such requests on a new connection. The server
    /// closed an idle connection (it had not started this request), so it is counted and shown, not a drop. A reset,
    /// or a close after part of a response, stays a failure.
    /// </summary>
    ClosedBeforeResponse,
}
