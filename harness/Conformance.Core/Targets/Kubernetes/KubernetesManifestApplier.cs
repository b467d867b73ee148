using Conformance.Model;
using k8s;
using k8s.Models;

namespace Conformance.Targets.Kubernetes;

/// <summary>
/// Creates a profile's manifests in the run's namespace: the object kinds the kubernetes target knows, each put in the
/// namespace made up at start (RoleBinding subjects too). Apart from the target's lifecycle (namespace, rollout,
/// forwards, logs) because it is the one place that knows Kubernetes object kinds, and grows with them.
/// </summary>
internal static class KubernetesManifestApplier
{
    public static async Task ApplyAsync(KubernetesTarget target, KubernetesManifest manifest, CancellationToken cancellationToken)
    {
        List<object> objects;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(manifest.Text);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            throw new TargetException($"{manifest.Path}: not a Kubernetes manifest: {e.Message.Replace('\n', ' ')}", e);
        }

        foreach (var o in objects)
        {
            var ns = target.Namespace;
            switch (o)
            {
                case V1Deployment d:
                    d.Metadata.NamespaceProperty = ns;
                    await target.Api($"{manifest.Path}: creating Deployment {d.Metadata.Name}", () => target.Client.AppsV1.CreateNamespacedDeploymentAsync(d, ns, cancellationToken: cancellationToken));
                    break;
                case V1Service s:
                    s.Metadata.NamespaceProperty = ns;
                    await target.Api($"{manifest.Path}: creating Service {s.Metadata.Name}", () => target.Client.CoreV1.CreateNamespacedServiceAsync(s, ns, cancellationToken: cancellationToken));
                    break;
                case V1ConfigMap c:
                    c.Metadata.NamespaceProperty = ns;
                    await target.Api($"{manifest.Path}: creating ConfigMap {c.Metadata.Name}", () => target.Client.CoreV1.CreateNamespacedConfigMapAsync(c, ns, cancellationToken: cancellationToken));
                    break;
                case V1Secret s:
                    s.Metadata.NamespaceProperty = ns;
                    await target.Api($"{manifest.Path}: creating Secret {s.Metadata.Name}", () => target.Client.CoreV1.CreateNamespacedSecretAsync(s, ns, cancellationToken: cancellationToken));
                    break;
                case V1ServiceAccount a:
                    a.Metadata.NamespaceProperty = ns;
                    await target.Api($"{manifest.Path}: creating ServiceAccount {a.Metadata.Name}", () => target.Client.CoreV1.CreateNamespacedServiceAccountAsync(a, ns, cancellationToken: cancellationToken));
                    break;
                case V1Role r:
                    r.Metadata.NamespaceProperty = ns;
                    await target.Api($"{manifest.Path}: creating Role {r.Metadata.Name}", () => target.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(r, ns, cancellationToken: cancellationToken));
                    break;
                case V1RoleBinding b:
                    b.Metadata.NamespaceProperty = ns;

                    // Subjects name the namespace they live in, which is the run's (made up at start): a subject written
                    // without one, or with the manifest's placeholder namespace, means this namespace.
                    foreach (var subject in b.Subjects ?? [])
                    {
                        if (subject.Kind == "ServiceAccount")
                        {
                            subject.NamespaceProperty = ns;
                        }
                    }

                    await target.Api($"{manifest.Path}: creating RoleBinding {b.Metadata.Name}", () => target.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(b, ns, cancellationToken: cancellationToken));
                    break;
                case IKubernetesObject k:
                    throw new TargetException($"{manifest.Path}: kind {k.Kind} is not applied by the kubernetes target (Deployment, Service, ConfigMap, Secret, ServiceAccount, Role, RoleBinding are)");
                default:
                    throw new TargetException($"{manifest.Path}: an entry is not a Kubernetes object");
            }
        }
    }
}
