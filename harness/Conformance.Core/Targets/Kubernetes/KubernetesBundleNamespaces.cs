using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Conformance.Targets.Kubernetes;

/// <summary>
/// The namespaces trust bundles are written to when the profile names them (<c>claims.trustBundle.namespaces</c>:
/// Knative's <c>knative-serving</c> and <c>knative-serving-ingress</c>), and what the run leaves there. A namespace
/// that does not exist is created (labelled like the run's own) and deleted after the run; in one that exists (a real
/// Knative install) only the run's own objects are written and removed: the bundle ConfigMaps, and a Role and
/// RoleBinding that let every service account of the run's namespace (group <c>system:serviceaccounts:RUN-NS</c>)
/// get, list and watch ConfigMaps there, so the implementation in the run's namespace can read the bundles as
/// Knative's activator reads its own namespace. Without named namespaces bundles go into the run's namespace and
/// nothing here is created.
/// </summary>
internal sealed class KubernetesBundleNamespaces(KubernetesTarget target)
{
    private readonly Lock _gate = new();
    private readonly List<string> _created = [];
    private readonly List<string> _granted = [];
    private readonly HashSet<(string Namespace, string Name)> _bundles = [];

    /// <summary>Where each bundle is written: the profile's namespaces, or the run's namespace.</summary>
    public IReadOnlyList<string> Targets =>
        Named.Count > 0 ? Named : [target.Namespace ?? throw new Model.TargetException("the kubernetes target is not started")];

    private IReadOnlyList<string> Named => target.Options.BundleNamespaces ?? [];

    /// <summary>Name of the Role and RoleBinding the run creates in each bundle namespace (the run's suffix makes it its own).</summary>
    public string GrantName => $"conformance-trust-bundles-{target.RunSuffix}";

    /// <summary>Makes each named namespace usable: created when absent, and the run's service accounts allowed to read ConfigMaps there.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        foreach (var ns in Named)
        {
            if (ns == target.Namespace)
            {
                continue;
            }

            if (!await ExistsAsync(ns, cancellationToken) && await CreateAsync(ns, cancellationToken))
            {
                lock (_gate)
                {
                    _created.Add(ns);
                }
            }

            var role = new V1Role
            {
                Metadata = new V1ObjectMeta { Name = GrantName, Labels = target.RunLabels() },
                Rules = [new V1PolicyRule { ApiGroups = [string.Empty], Resources = ["configmaps"], Verbs = ["get", "list", "watch"] }],
            };
            var binding = new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = GrantName, Labels = target.RunLabels() },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = GrantName },
                Subjects = [new Rbacv1Subject { Kind = "Group", ApiGroup = "rbac.authorization.k8s.io", Name = $"system:serviceaccounts:{target.Namespace}" }],
            };
            lock (_gate)
            {
                _granted.Add(ns);
            }

            await target.Api($"creating Role {GrantName} in namespace {ns}", () => target.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, ns, cancellationToken: cancellationToken));
            await target.Api($"creating RoleBinding {GrantName} in namespace {ns}", () => target.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, ns, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Remembers a bundle written into <paramref name="ns"/> (or forgets it once deleted), for the cleanup.</summary>
    public void Track(string ns, string name, bool present)
    {
        lock (_gate)
        {
            _ = present ? _bundles.Add((ns, name)) : _bundles.Remove((ns, name));
        }
    }

    /// <summary>
    /// Removes what the run left in the named namespaces: the namespaces it created (waited on like the run's own), and
    /// in the others its bundle ConfigMaps, Role and RoleBinding. Every deletion is tried; the first failure is thrown
    /// after the rest ran.
    /// </summary>
    public async Task CleanupAsync(k8s.Kubernetes client, Func<string, Task> deleteNamespace, CancellationToken cancellationToken)
    {
        Model.TargetException? first = null;
        foreach (var (doing, call) in Deletions(client, cancellationToken, deleteNamespace))
        {
            try
            {
                await call();
            }
            catch (Model.TargetException e)
            {
                first ??= e;
            }
            catch (Exception e) when (KubernetesErrors.IsNotFound(e))
            {
                // Gone already.
            }
            catch (Exception e) when (KubernetesErrors.IsApiFailure(e))
            {
                first ??= KubernetesErrors.Wrap(doing, target.Server, e);
            }
        }

        if (first is not null)
        {
            throw first;
        }
    }

    /// <summary>The same deletions as <see cref="CleanupAsync"/>, all started at once and not waited on past <paramref name="within"/> (a second signal).</summary>
    public void StopNow(k8s.Kubernetes client, TimeSpan within)
    {
        using var bound = new CancellationTokenSource(within);
        var calls = Deletions(client, bound.Token, ns => client.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: bound.Token)).Select(d => d.Call()).ToArray();
        try
        {
            Task.WaitAll(calls, within);
        }
        catch (Exception e) when (e is AggregateException or ObjectDisposedException)
        {
            // Gone already, or the API server did not answer in time: the requests have been sent.
        }
    }

    private List<(string Doing, Func<Task> Call)> Deletions(k8s.Kubernetes client, CancellationToken cancellationToken, Func<string, Task> deleteNamespace)
    {
        List<string> created, granted;
        List<(string Namespace, string Name)> bundles;
        lock (_gate)
        {
            created = [.. _created];
            granted = [.. _granted.Where(ns => !_created.Contains(ns))];
            bundles = [.. _bundles.Where(b => !_created.Contains(b.Namespace) && b.Namespace != target.Namespace)];
            _created.Clear();
            _granted.Clear();
            _bundles.Clear();
        }

        var deletions = new List<(string, Func<Task>)>();
        foreach (var ns in created)
        {
            deletions.Add(($"deleting namespace {ns}", () => deleteNamespace(ns)));
        }

        foreach (var (ns, name) in bundles)
        {
            deletions.Add(($"deleting ConfigMap {name} in namespace {ns}", () => client.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken)));
        }

        foreach (var ns in granted)
        {
            deletions.Add(($"deleting RoleBinding {GrantName} in namespace {ns}", () => client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(GrantName, ns, cancellationToken: cancellationToken)));
            deletions.Add(($"deleting Role {GrantName} in namespace {ns}", () => client.RbacAuthorizationV1.DeleteNamespacedRoleAsync(GrantName, ns, cancellationToken: cancellationToken)));
        }

        return deletions;
    }

    /// <summary>Creates the namespace; false when another client created it meanwhile (it is then not the run's to delete).</summary>
    private async Task<bool> CreateAsync(string ns, CancellationToken cancellationToken)
    {
        try
        {
            await target.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns, Labels = target.RunLabels() } }, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (KubernetesErrors.IsConflict(e))
        {
            return false;
        }
        catch (Exception e) when (KubernetesErrors.IsApiFailure(e))
        {
            throw KubernetesErrors.Wrap($"creating namespace {ns} (claims.trustBundle.namespaces)", target.Server, e);
        }
    }

    private async Task<bool> ExistsAsync(string ns, CancellationToken cancellationToken)
    {
        try
        {
            await target.Client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (KubernetesErrors.IsNotFound(e))
        {
            return false;
        }
        catch (Exception e) when (KubernetesErrors.IsApiFailure(e))
        {
            throw KubernetesErrors.Wrap($"reading namespace {ns} (claims.trustBundle.namespaces)", target.Server, e);
        }
    }
}
