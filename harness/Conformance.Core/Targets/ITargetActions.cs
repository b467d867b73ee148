using Conformance.TrustBundles;

namespace Conformance.Targets;

/// <summary>
/// What a rotation scenario does to an implementation, independent of how it runs (each target driver brings its
/// own, for the capabilities it states). Every call is bounded: it returns when the action is done on the harness's side (files renamed,
/// signal sent, command finished, process ready again) and never waits for the implementation to pick a change up —
/// that is what the scenarios measure.
/// </summary>
public interface ITargetActions
{
    /// <summary>Replaces the served certificate (chain, leaf first) and its key together, in one atomic step.</summary>
    Task ReplaceCertificateAsync(string certificatePem, string keyPem, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the implementation pick up new files as its profile declares (<c>target.reload</c>): nothing for hot
    /// reload, a signal (e.g. HUP), or a command run to completion.
    /// </summary>
    Task ReloadAsync(CancellationToken cancellationToken);

    /// <summary>Stops the implementation and starts it again on the same ports, bounded by the ready wait.</summary>
    Task RestartAsync(CancellationToken cancellationToken);

    /// <summary>Waits up to <paramref name="within"/> for the implementation to exit by itself; true when it did.</summary>
    Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken);

    /// <summary>
    /// As a supervisor (kubelet) would after a restart-on-change (<c>reload.mode: restart</c>, Flux): waits up to
    /// <paramref name="within"/> for the implementation to exit by itself, then starts it again on the same ports.
    /// False (nothing started) when it did not exit in time.
    /// </summary>
    Task<bool> RestartAfterExitAsync(TimeSpan within, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the CA bundle the implementation trusts for its own verification (client certificates, outbound
    /// calls): <c>{pki:bundle}</c>, atomically, with these PEM certificates in order.
    /// </summary>
    Task ReplaceTrustBundleAsync(IReadOnlyList<string> caPems, CancellationToken cancellationToken);

    /// <summary>
    /// Creates or replaces a trust bundle the implementation discovers by label (a labelled ConfigMap on Kubernetes; a
    /// file standing for one on process and container targets), in one atomic step.
    /// </summary>
    Task ApplyTrustBundleAsync(TrustBundle bundle, CancellationToken cancellationToken) =>
        throw new NotSupportedException("this target cannot manage trust bundles");

    /// <summary>Removes a trust bundle by name; no error when it does not exist.</summary>
    Task DeleteTrustBundleAsync(string name, CancellationToken cancellationToken) =>
        throw new NotSupportedException("this target cannot manage trust bundles");
}
