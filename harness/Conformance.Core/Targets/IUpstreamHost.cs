namespace Conformance.Targets;

/// <summary>
/// A target that runs the trust-bundle scenarios' upstream beside the implementation
/// (<see cref="Profiles.TargetCapability.HostUpstream"/>): a pod in the run's namespace, a container on the run's network.
/// </summary>
public interface IUpstreamHost
{
    /// <summary>The upstream, ready once the target started; null when the profile claims no trust bundles.</summary>
    TrustBundles.ITrustUpstreamSource? Upstream { get; }
}
