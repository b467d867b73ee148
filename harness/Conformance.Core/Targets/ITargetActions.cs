namespace Conformance.Targets;

/// <summary>
/// What the harness can do to an implementation during rotation scenarios. The process target implements it on
/// files and signals; containers and Kubernetes will implement the same operations on their own objects.
/// </summary>
public interface ITargetActions
{
    /// <summary>Replaces the served certificate and key together (atomic <c>..data</c> swap on files).</summary>
    Task ReplaceCertificateAsync(string certPem, string keyPem, CancellationToken cancellationToken);

    /// <summary>Does what the profile says makes the implementation pick up new files (nothing, a signal, a command).</summary>
    Task ReloadAsync(CancellationToken cancellationToken);

    /// <summary>Stops and starts the implementation on the same ports, bounded by the ready wait.</summary>
    Task RestartAsync(CancellationToken cancellationToken);

    /// <summary>Waits until the implementation exits by itself; false when it is still running after <paramref name="within"/>.</summary>
    Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken);

    /// <summary>Replaces the CA bundle the implementation trusts (its own client/outbound verification).</summary>
    Task ReplaceTrustBundleAsync(IReadOnlyList<string> caPems, CancellationToken cancellationToken);
}
