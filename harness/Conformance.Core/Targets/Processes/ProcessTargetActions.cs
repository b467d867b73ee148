using System.ComponentModel;
using System.Diagnostics;
using Conformance.Inputs;
using Conformance.Model;
using Conformance.Pki;
using Conformance.TrustBundles;

namespace Conformance.Targets.Processes;

/// <summary>
/// Rotation actions on a local process: files swapped kubelet-style (<see cref="CertificateSwap"/>: one rename of the
/// <c>..data</c> link; the <c>{pki:secret}</c> manifest is rewritten and renamed over the old one), the profile's reload (a signal through kill(2) or a command run to completion), and restarts
/// on the same ports through <see cref="ProcessTarget"/>.
/// </summary>
public sealed class ProcessTargetActions(ProcessTarget target, RunPki? pki, ProcessTargetActions.ResolvedReload? reload, TimeProvider time) : ITargetActions
{
    /// <summary>The profile's <c>target.reload</c> with placeholders resolved: a signal number or a command line.</summary>
    public sealed record ResolvedReload(int? Signal, IReadOnlyList<string>? Command, TimeSpan Within, string WorkingDirectory);

    public ProcessTarget Target { get; } = target;

    public ResolvedReload? Reload { get; } = reload;

    /// <summary>
    /// The folder trust bundles are written to (<c>{run:bundles}</c>, one ConfigMap manifest per file, see
    /// <see cref="TrustBundles.TrustBundleManifest"/>); null when the run has none.
    /// </summary>
    public string? TrustBundleDirectory { get; init; }

    public Task ApplyTrustBundleAsync(TrustBundle bundle, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Bundles().Apply(bundle);
        return Task.CompletedTask;
    }

    public Task DeleteTrustBundleAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Bundles().Delete(name);
        return Task.CompletedTask;
    }

    public Task ReplaceCertificateAsync(string certificatePem, string keyPem, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var live = pki?.LiveDirectory ?? throw new TargetException("this profile does not use the harness PKI: there is no live certificate to replace");
        CertificateSwap.Swap(live, new Dictionary<string, string> { ["tls.crt"] = certificatePem, ["tls.key"] = keyPem });

        // The same pair as a Secret manifest ({pki:secret}, Flux's --tls-secret): written beside, then renamed over it.
        if (pki.Placeholders.TryGetValue("pki:secret", out var secret) && File.Exists(secret))
        {
            var temp = secret + ".new";
            SecretManifest.Write(temp, "conformance-tls", SecretManifest.TlsType, SecretManifest.TlsData(certificatePem, keyPem));
            File.Move(temp, secret, overwrite: true);
        }

        return Task.CompletedTask;
    }

    public Task ReplaceTrustBundleAsync(IReadOnlyList<string> caPems, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var bundle = pki?.BundleDirectory ?? throw new TargetException("this profile does not use the harness PKI: there is no trust bundle to replace");
        if (caPems.Count == 0)
        {
            throw new ArgumentException("a trust bundle needs at least one CA certificate", nameof(caPems));
        }

        var text = string.Concat(caPems.Select(p => p.EndsWith('\n') ? p : p + "\n"));
        CertificateSwap.Swap(bundle, new Dictionary<string, string> { ["ca.crt"] = text });
        return Task.CompletedTask;
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        switch (Reload)
        {
            case null:
                // Hot reload (the implementation watches its files) or none: nothing to do.
                cancellationToken.ThrowIfCancellationRequested();
                return;
            case { Signal: { } signal }:
                await Target.SignalAsync(signal, cancellationToken);
                return;
            case { Command: { Count: > 0 } command }:
                await RunAsync(command[0], [.. command.Skip(1)], Reload.Within, Reload.WorkingDirectory, cancellationToken);
                return;
            default:
                return;
        }
    }

    public Task RestartAsync(CancellationToken cancellationToken) => Target.RestartAsync(cancellationToken);

    public Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken) => Target.WaitForExitAsync(within, cancellationToken);

    public Task<bool> RestartAfterExitAsync(TimeSpan within, CancellationToken cancellationToken) => Target.RestartAfterExitAsync(within, cancellationToken);

    private TrustBundles.TrustBundleFolder Bundles() =>
        new(TrustBundleDirectory ?? throw new TargetException("this run has no trust-bundle folder ({run:bundles})"));

    private async Task RunAsync(string fileName, IReadOnlyList<string> args, TimeSpan within, string workingDirectory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new TargetException($"cannot start the reload command {fileName}");
        }
        catch (Win32Exception e)
        {
            throw new TargetException($"cannot start the reload command {fileName}: {e.Message}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = new CancellationTokenSource(within, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Exited between the timeout and the kill.
                }

                cancellationToken.ThrowIfCancellationRequested();
                throw new TargetException($"the reload command {fileName} did not finish within {Durations.Format(within)}");
            }

            var output = (await stderr).Trim();
            if (output.Length == 0)
            {
                output = (await stdout).Trim();
            }

            if (process.ExitCode != 0)
            {
                var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "(no output)";
                throw new TargetException($"the reload command {fileName} exited with code {process.ExitCode}: {last.Trim()}");
            }
        }
    }
}
