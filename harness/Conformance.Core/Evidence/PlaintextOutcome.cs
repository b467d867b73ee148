namespace Conformance.Evidence;

/// <summary>What a port did with a plaintext HTTP/1.1 request.</summary>
public enum PlaintextOutcome
{
    /// <summary>The server answered with a TLS alert record.</summary>
    TlsAlert,

    /// <summary>An HTTP 4xx/5xx page, e.g. nginx's "The plain HTTP request was sent to HTTPS port".</summary>
    HttpErrorPage,

    /// <summary>An HTTP 3xx redirect.</summary>
    HttpRedirect,

    /// <summary>An HTTP 1xx/2xx response: the application answered over plaintext.</summary>
    ApplicationResponse,

    /// <summary>FIN with no bytes.</summary>
    ClosedCleanly,

    /// <summary>TCP reset.</summary>
    Reset,

    /// <summary>Bytes that are neither TLS nor an HTTP/1.x status line (HTTP/0.9-style answer).</summary>
    NonHttpBytes,

    /// <summary>Nothing arrived and the connection stayed open until the deadline.</summary>
    TimedOut,

    /// <summary>Nothing listens on the port.</summary>
    ConnectionRefused,
}
