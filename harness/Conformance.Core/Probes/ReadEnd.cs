namespace Conformance.Probes;

/// <summary>Why reading a response stopped.</summary>
internal enum ReadEnd
{
    /// <summary>The peer closed (FIN, or close_notify on TLS).</summary>
    Closed,

    /// <summary>The response was complete by its own framing (Content-Length, chunked end, no-body status).</summary>
    Complete,

    /// <summary>The read deadline passed.</summary>
    Deadline,

    /// <summary>A read failed (reset, TLS alert); see <see cref="ReadResult.Error"/>.</summary>
    Error,
}
