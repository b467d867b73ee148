using System.Security.Cryptography.X509Certificates;

namespace Conformance.Load;

/// <summary>A running load: actions mark it, trust can change per population, and it ends with a <see cref="LoadResult"/>.</summary>
public abstract class LoadSession : IAsyncDisposable
{
    /// <summary>Requests completed so far.</summary>
    public abstract long Completed { get; }

    /// <summary>Replaces a population's trust anchors for requests that start from now on.</summary>
    public abstract void SetTrust(string population, IReadOnlyList<X509Certificate2> trust);

    /// <summary>Records a marker (an action on the target) at the current time.</summary>
    public abstract LoadMarker Mark(string label);

    /// <summary>Waits until a request is served by the certificate with this SHA-256 fingerprint (hex, no colons); returns that moment, or null after <paramref name="within"/>.</summary>
    public abstract Task<LoadMarker?> WaitForCertificateAsync(string sha256Fingerprint, TimeSpan within, CancellationToken cancellationToken);

    /// <summary>Waits until at least <paramref name="requests"/> more requests completed, or <paramref name="within"/> passed.</summary>
    public abstract Task WaitForRequestsAsync(long requests, TimeSpan within, CancellationToken cancellationToken);

    /// <summary>Stops the workers (in-flight requests finish or time out) and returns every record.</summary>
    public abstract Task<LoadResult> StopAsync(CancellationToken cancellationToken);

    /// <summary>Waits for the spec's bounds (count or time) and returns every record.</summary>
    public abstract Task<LoadResult> CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
