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
    public LoadSession Start(LoadSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Populations.Count == 0 || spec.Populations.Any(p => p.Workers < 0) || spec.Populations.Sum(p => p.Workers) == 0)
        {
            throw new ArgumentException("a load needs at least one population with at least one worker", nameof(spec));
        }

        if (spec.Populations.Count > byte.MaxValue)
        {
            throw new ArgumentException($"at most {byte.MaxValue} populations", nameof(spec));
        }

        if (spec.MaxRequests < 0 || spec.MaxDuration <= TimeSpan.Zero || spec.RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("MaxRequests must be ≥ 0 and MaxDuration, RequestTimeout > 0", nameof(spec));
        }

        return LoadRun.Start(spec, Time, cancellationToken);
    }
}
