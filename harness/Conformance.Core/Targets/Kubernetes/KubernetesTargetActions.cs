using System.Net;
using Conformance.Model;
using Conformance.Profiles;
using Conformance.TrustBundles;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Conformance.Targets.Kubernetes;

/// <summary>
/// Rotation, secret and trust-bundle actions on a Kubernetes target, through the same interface as the process
/// target: the certificate is the <c>kubernetes.io/tls</c> Secret (replaced in one PUT: the kubelet swaps the mounted
/// files atomically), a restart is a rollout restart waited on until the new pod is ready, trust bundles are ConfigMaps.
/// </summary>
public sealed class KubernetesTargetActions(KubernetesTarget target, ReloadSpec? reload) : ITargetActions
{
    public KubernetesTarget Target { get; } = target;

    public Task ReplaceCertificateAsync(string certificatePem, string keyPem, CancellationToken cancellationToken)
    {
        var name = Target.Options.Spec.Secret;
        return Target.Api($"replacing Secret {name}", () => Target.Client.CoreV1.ReplaceNamespacedSecretAsync(
            KubernetesTarget.TlsSecret(name, certificatePem, keyPem), name, Target.Namespace, cancellationToken: cancellationToken));
    }

    public Task ReloadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Hot reload (the implementation watches its mounted Secret): nothing to do. A signal or a local command has no
        // meaning for a pod; the profile reader accepts them for process targets only in spirit, so say so here.
        return reload is null
            ? Task.CompletedTask
            : throw new TargetException("target.reload (signal or command) is not available on the kubernetes target: use reload.mode hot or restart");
    }

    public Task RestartAsync(CancellationToken cancellationToken) => Target.RestartAsync(cancellationToken);

    public Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken) => Target.WaitForContainerExitAsync(within, cancellationToken);

    public async Task<bool> RestartAfterExitAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        // The kubelet restarts the container itself; the harness waits for the exit, then for readiness.
        if (!await Target.WaitForContainerExitAsync(within, cancellationToken))
        {
            return false;
        }

        await Target.WaitRolledOutAsync(cancellationToken);
        return true;
    }

    public Task ReplaceTrustBundleAsync(IReadOnlyList<string> caPems, CancellationToken cancellationToken)
    {
        if (caPems.Count == 0)
        {
            throw new ArgumentException("a trust bundle needs at least one CA certificate", nameof(caPems));
        }

        var text = string.Concat(caPems.Select(p => p.EndsWith('\n') ? p : p + "\n"));
        var name = Target.Options.Spec.BundleConfigMap;
        return UpsertConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["ca.crt"] = text } }, Target.Namespace!, cancellationToken);
    }

    public async Task ApplyTrustBundleAsync(TrustBundle bundle, CancellationToken cancellationToken)
    {
        // The same ConfigMap in each namespace the bundles live in (Knative: knative-serving, knative-serving-ingress).
        foreach (var ns in Target.BundleNamespaces.Targets)
        {
            Target.BundleNamespaces.Track(ns, bundle.Name, present: true);
            await UpsertConfigMapAsync(
                new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta { Name = bundle.Name, Labels = bundle.Labels.ToDictionary() },
                    Data = bundle.Data.ToDictionary(),
                },
                ns,
                cancellationToken);
        }
    }

    public async Task DeleteTrustBundleAsync(string name, CancellationToken cancellationToken)
    {
        foreach (var ns in Target.BundleNamespaces.Targets)
        {
            try
            {
                await Target.Client.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone: deleting is idempotent.
            }
            catch (Exception e) when (KubernetesErrors.IsApiFailure(e))
            {
                throw KubernetesErrors.Wrap($"deleting ConfigMap {name} in namespace {ns}", Target.Server, e);
            }

            Target.BundleNamespaces.Track(ns, name, present: false);
        }
    }

    private async Task UpsertConfigMapAsync(V1ConfigMap map, string ns, CancellationToken cancellationToken)
    {
        var name = map.Metadata.Name;
        var where = ns == Target.Namespace ? string.Empty : $" in namespace {ns}";
        try
        {
            await Target.Client.CoreV1.ReplaceNamespacedConfigMapAsync(map, name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await Target.Api($"creating ConfigMap {name}{where}", () => Target.Client.CoreV1.CreateNamespacedConfigMapAsync(map, ns, cancellationToken: cancellationToken));
        }
        catch (Exception e) when (KubernetesErrors.IsApiFailure(e))
        {
            throw KubernetesErrors.Wrap($"replacing ConfigMap {name}{where}", Target.Server, e);
        }
    }
}
