using System.Globalization;
using System.Text;
using Conformance.Model;
using Conformance.Pki;
using Conformance.TrustBundles;

namespace Conformance.Targets.Containers;

/// <summary>
/// Rotation actions on a running container, kubelet-style inside it: the new pair goes into a fresh folder and
/// a <c>..data_tmp</c> link to it in one archive, then one <c>mv -T ..data_tmp ..data</c> (rename(2)) swaps it in
/// — cert and key change together or not at all; the image needs <c>mv</c> (coreutils or busybox). Reloads run the
/// profile's command inside the container or signal its main process; restarts restart the same container. The
/// host's copy of the PKI is swapped too, so both views agree.
/// </summary>
public sealed class ContainerTargetActions(
    ContainerTarget target,
    RunPki? pki,
    string tlsDirectory,
    string bundleDirectory,
    (string Host, string Inside)? secret,
    ContainerTargetActions.Reload? reload,
    TimeProvider time) : ITargetActions
{
    private static readonly TimeSpan SwapWithin = TimeSpan.FromSeconds(20);
    private static long _sequence;

    /// <summary>The profile's <c>target.reload</c>: a signal name for the main process, or a command run inside the container.</summary>
    public sealed record Reload(string? Signal, IReadOnlyList<string>? Command, TimeSpan Within);

    public ContainerTarget Target { get; } = target;

    /// <summary>
    /// The folder inside the container trust bundles are written to (<c>{run:bundles}</c> as the container sees it),
    /// one ConfigMap manifest per file in <see cref="TrustBundles.TrustBundleManifest"/>'s format.
    /// </summary>
    public string? TrustBundleDirectory { get; init; }

    /// <summary>Writes the manifest to a hidden file in the folder, then renames it over <c>&lt;name&gt;.yaml</c> inside the container: a reader sees the old ConfigMap or the new one.</summary>
    public async Task ApplyTrustBundleAsync(TrustBundle bundle, CancellationToken cancellationToken)
    {
        var folder = TrustBundleDirectory ?? throw new TargetException("this run has no trust-bundle folder ({run:bundles}) in the container");
        var text = TrustBundles.TrustBundleManifest.Render(bundle);
        var temp = $"{folder}/{TrustBundles.TrustBundleFolder.TempFileName(bundle.Name)}";
        await Target.CopyAsync([ArchiveEntry.File(temp, Encoding.UTF8.GetBytes(text))], cancellationToken);
        await Target.ExecAsync(["mv", "-f", temp, $"{folder}/{TrustBundles.TrustBundleManifest.FileName(bundle.Name)}"], SwapWithin, cancellationToken);
    }

    /// <summary>Removes the bundle's file inside the container; no error when it does not exist.</summary>
    public async Task DeleteTrustBundleAsync(string name, CancellationToken cancellationToken)
    {
        var folder = TrustBundleDirectory ?? throw new TargetException("this run has no trust-bundle folder ({run:bundles}) in the container");
        TrustBundles.TrustBundleManifest.Validate(new TrustBundle(name, new Dictionary<string, string>(), new Dictionary<string, string>()));
        await Target.ExecAsync(["rm", "-f", $"{folder}/{TrustBundles.TrustBundleManifest.FileName(name)}"], SwapWithin, cancellationToken);
    }

    public async Task ReplaceCertificateAsync(string certificatePem, string keyPem, CancellationToken cancellationToken)
    {
        var live = pki?.LiveDirectory ?? throw new TargetException("this profile does not use the harness PKI: there is no live certificate to replace");
        await SwapAsync(tlsDirectory, new Dictionary<string, string> { ["tls.crt"] = certificatePem, ["tls.key"] = keyPem }, cancellationToken);
        CertificateSwap.Swap(live, new Dictionary<string, string> { ["tls.crt"] = certificatePem, ["tls.key"] = keyPem });

        // The same pair as a Secret manifest ({pki:secret}, Flux's --tls-secret): written beside, then renamed over it.
        if (secret is { } s)
        {
            var temp = s.Host + ".new";
            SecretManifest.Write(temp, "conformance-tls", SecretManifest.TlsType, SecretManifest.TlsData(certificatePem, keyPem));
            await Target.CopyAsync([ArchiveEntry.File(s.Inside + ".new", await File.ReadAllBytesAsync(temp, cancellationToken))], cancellationToken);
            File.Move(temp, s.Host, overwrite: true);
            await Target.ExecAsync(["mv", "-f", s.Inside + ".new", s.Inside], SwapWithin, cancellationToken);
        }
    }

    public async Task ReplaceTrustBundleAsync(IReadOnlyList<string> caPems, CancellationToken cancellationToken)
    {
        var bundle = pki?.BundleDirectory ?? throw new TargetException("this profile does not use the harness PKI: there is no trust bundle to replace");
        if (caPems.Count == 0)
        {
            throw new ArgumentException("a trust bundle needs at least one CA certificate", nameof(caPems));
        }

        var text = string.Concat(caPems.Select(p => p.EndsWith('\n') ? p : p + "\n"));
        await SwapAsync(bundleDirectory, new Dictionary<string, string> { ["ca.crt"] = text }, cancellationToken);
        CertificateSwap.Swap(bundle, new Dictionary<string, string> { ["ca.crt"] = text });
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        switch (reload)
        {
            case { Signal: { } signal }:
                await Target.SignalAsync(signal, cancellationToken);
                return;
            case { Command: { Count: > 0 } command } r:
                await Target.ExecAsync(command, r.Within, cancellationToken);
                return;
            default:
                // Hot reload (the implementation watches its files) or none: nothing to do.
                cancellationToken.ThrowIfCancellationRequested();
                return;
        }
    }

    public Task RestartAsync(CancellationToken cancellationToken) => Target.RestartAsync(cancellationToken);

    public Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken) => Target.WaitForExitAsync(within, cancellationToken);

    public Task<bool> RestartAfterExitAsync(TimeSpan within, CancellationToken cancellationToken) => Target.RestartAfterExitAsync(within, cancellationToken);

    private async Task SwapAsync(string directory, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var stamp = string.Create(
            CultureInfo.InvariantCulture,
            $"..{time.GetUtcNow():yyyy_MM_dd_HH_mm_ss}.{Interlocked.Increment(ref _sequence)}.{Guid.NewGuid().ToString("N")[..8]}");
        var entries = new List<ArchiveEntry> { ArchiveEntry.Folder($"{directory}/{stamp}") };
        entries.AddRange(files.Select(f => ArchiveEntry.File($"{directory}/{stamp}/{f.Key}", Encoding.UTF8.GetBytes(f.Value))));
        entries.Add(ArchiveEntry.Link($"{directory}/..data_tmp", stamp));
        await Target.CopyAsync(entries, cancellationToken);

        // One rename of the link over the old one: readers see the old folder or the new one, never a mix.
        await Target.ExecAsync(["mv", "-T", $"{directory}/..data_tmp", $"{directory}/..data"], SwapWithin, cancellationToken);
    }
}
