namespace Conformance.Profiles;

/// <summary>
/// <c>target.container</c>: how a <c>container</c> target runs its image. The image's command comes from
/// <c>target.args</c> (after the image's entrypoint, or <see cref="Entrypoint"/>), its environment from
/// <c>target.env</c>, readiness from <c>target.ready</c>; <c>target.reload.command</c> runs inside the container and
/// <c>target.reload.signal</c> goes to its main process.
/// </summary>
public sealed record ContainerSpec
{
    /// <summary>Default folder inside the container for the run's files: <c>{run:dir}</c>, rendered <c>{file:NAME}</c>, the PKI.</summary>
    public const string DefaultRunDirectory = "/run/conformance";

    /// <summary>Replaces the image's entrypoint; null keeps it.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>Ports published on 127.0.0.1, by the name endpoints use in <c>{port:NAME}</c>.</summary>
    public IReadOnlyList<ContainerPortSpec> Ports { get; init; } = [];

    /// <summary>Where the run folder is copied inside the container.</summary>
    public string RunDirectory { get; init; } = DefaultRunDirectory;

    /// <summary>Folder inside the container holding <c>tls.crt</c> and <c>tls.key</c> (kubelet layout); null: <c>RUN/pki/live</c>.</summary>
    public string? TlsDirectory { get; init; }

    /// <summary>Folder inside the container holding the CA bundle <c>ca.crt</c> (kubelet layout); null: <c>RUN/pki/bundle</c>.</summary>
    public string? BundleDirectory { get; init; }

    /// <summary>Folder inside the container for the trust-bundle ConfigMap manifests (<c>{run:bundles}</c>); null: <c>RUN/bundles</c>.</summary>
    public string? TrustBundleDirectory { get; init; }

    /// <summary>Image of the trust-bundle upstream the harness runs beside the container (claims.trustBundle); null: <c>conformance/reference:dev</c>.</summary>
    public string? UpstreamImage { get; init; }
}
