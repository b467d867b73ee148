namespace Conformance.TrustBundles;

/// <summary>
/// A target that provides the trust-bundle scenarios' upstream itself (the kubernetes target deploys it in the run's
/// namespace; the container target runs it as a second container on the run's Docker network). Where no target provides one, the scenarios run <see cref="UpstreamTlsServer"/> on the harness's loopback.
/// </summary>
public interface ITrustUpstreamSource
{
    /// <summary>A session on the target's upstream: its records start now, and its answers carry <paramref name="marker"/>.</summary>
    Task<ITrustUpstream> OpenUpstreamAsync(string marker, CancellationToken cancellationToken);
}
