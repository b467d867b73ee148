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
}
