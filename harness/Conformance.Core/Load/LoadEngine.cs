namespace Conformance.Load;

/// <summary>
/// Puts bounded load on a TLS endpoint and records every request. Workers keep-alive or handshake per request as the
/// spec says; each chain is judged against the worker's population trust (cached per leaf) so an untrusted
/// certificate is a failed request, not a silent success.
/// </summary>
public sealed class LoadEngine(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    /// <summary>Starts the load; it runs until its bounds are reached or the session is stopped.</summary>
    public LoadSession Start(LoadSpec spec, CancellationToken cancellationToken) => throw new NotImplementedException();
}
