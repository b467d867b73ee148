using System.Globalization;
using System.Text;
using Conformance.Inputs;
using Conformance.Interruption;
using Conformance.Logs;
using Conformance.Model;
using Conformance.Profiles;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.Models;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Conformance.Targets.Kubernetes;

/// <summary>
/// An implementation deployed in a Kubernetes cluster, reached through the API server only (KubernetesClient, no
/// kubectl): a namespace per run (labelled, deleted after), the run's certificate as <c>kubernetes.io/tls</c> Secrets,
/// the profile's manifests applied into it, readiness from the Deployment's status, the implementation's logs from its
/// pod container (followed, stamped on arrival), and every <c>{port:NAME}</c> port-forwarded to a ready pod.
/// </summary>
public sealed class KubernetesTarget(KubernetesTargetOptions options, TimeProvider time) : ITarget, IEmergencyStop, IUpstreamHost
{
    /// <summary>Annotation a rollout restart sets on the pod template (what <c>kubectl rollout restart</c> sets).</summary>
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan DeleteWait = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private readonly List<LogLine> _logs = [];
    private readonly List<KubernetesLogFollower> _followers = [];
    private k8s.Kubernetes? _client;
    private KubernetesPortForwarder? _forwarder;
    private string? _pod;
    private KubernetesLogFollower? _follower;
    private KubernetesUpstream? _upstream;
    private bool _namespaceCreated;
    private IDisposable? _live;
    private KubernetesBundleNamespaces? _bundleNamespaces;

    public KubernetesTargetOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public TargetKind Kind => TargetKind.Kubernetes;

    public bool SupportsActions => true;

    /// <summary>The run's namespace (set when <see cref="StartAsync"/> created it).</summary>
    public string? Namespace { get; private set; }

    /// <summary>The random suffix of the run's namespace (its <see cref="KubernetesTargetOptions.RunLabel"/>); set with <see cref="Namespace"/>.</summary>
    public string? RunSuffix { get; private set; }

    /// <summary>Where trust bundles are written (the profile's <c>claims.trustBundle.namespaces</c>, or the run's namespace) and what the run leaves there.</summary>
    internal KubernetesBundleNamespaces BundleNamespaces => _bundleNamespaces ?? throw new TargetException("the kubernetes target is not started");

    /// <summary>The ready pod connections are forwarded to and logs are followed from.</summary>
    public string? CurrentPod => _pod;

    /// <summary>The API server the kubeconfig named.</summary>
    public Uri? Server { get; private set; }

    /// <summary>Port-forwarded connections open right now (for cleanup checks).</summary>
    public int OpenForwards => _forwarder?.OpenConnections ?? 0;

    /// <summary>Why the last port-forwarded connection could not reach the pod, or null.</summary>
    public string? LastForwardError => _forwarder?.LastError;

    /// <summary>The trust-bundle upstream deployed in the run's namespace; null unless <see cref="KubernetesTargetOptions.DeployUpstream"/>.</summary>
    public TrustBundles.ITrustUpstreamSource? Upstream => _upstream;

    /// <summary>The container whose logs are followed.</summary>
    public string? Container { get; private set; }

    public IReadOnlyList<LogLine> Logs
    {
        get
        {
            lock (_gate)
            {
                return [.. _logs];
            }
        }
    }

    internal k8s.Kubernetes Client => _client ?? throw new TargetException("the kubernetes target is not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_client is not null)
        {
            throw new TargetException($"the kubernetes target is already started (namespace {Namespace})");
        }

        KubernetesClientConfiguration config;
        try
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Options.Kubeconfig, Options.Spec.Context);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or ArgumentException or YamlDotNet.Core.YamlException)
        {
            throw new TargetException($"cannot use the kubeconfig {Options.Kubeconfig}{(Options.Spec.Context is { } c ? $" (context {c})" : string.Empty)}: {e.Message.Replace('\n', ' ')}", e);
        }

        _client = new k8s.Kubernetes(config);
        Server = _client.BaseUri;
        try
        {
            await CreateNamespaceAsync(cancellationToken);
            _bundleNamespaces = new KubernetesBundleNamespaces(this);
            await _bundleNamespaces.PrepareAsync(cancellationToken);
            foreach (var (name, (cert, key)) in Options.Secrets)
            {
                await Api($"creating Secret {name}", () => Client.CoreV1.CreateNamespacedSecretAsync(TlsSecret(name, cert, key), Namespace, cancellationToken: cancellationToken));
            }

            if (Options.BundlePem is { } bundle)
            {
                await Api($"creating ConfigMap {Options.Spec.BundleConfigMap}", () => Client.CoreV1.CreateNamespacedConfigMapAsync(
                    new V1ConfigMap { Metadata = new V1ObjectMeta { Name = Options.Spec.BundleConfigMap }, Data = new Dictionary<string, string> { ["ca.crt"] = bundle } },
                    Namespace,
                    cancellationToken: cancellationToken));
            }

            if (Options.DeployUpstream)
            {
                // Before the manifests: a pod gets a Service's environment variables only if the Service existed first.
                _upstream = new KubernetesUpstream(this);
                await _upstream.DeployAsync(cancellationToken);
            }

            foreach (var manifest in Options.Manifests)
            {
                await KubernetesManifestApplier.ApplyAsync(this, manifest, cancellationToken);
            }

            await WaitRolledOutAsync(cancellationToken);
            _forwarder = new KubernetesPortForwarder(this, Options.Forwards);
            _forwarder.Start();
        }
        catch
        {
            try
            {
                await StopAsync(CancellationToken.None);
            }
            catch (TargetException)
            {
                // The failure to start is the one to report; a failed cleanup after it would hide it.
            }

            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_forwarder is { } forwarder)
        {
            _forwarder = null;
            await forwarder.DisposeAsync();
        }

        if (_upstream is { } upstream)
        {
            _upstream = null;
            await upstream.DisposeAsync();
        }

        await StopFollowersAsync();
        TargetException? left = null;
        if (_client is { } withBundles && _bundleNamespaces is { } bundles)
        {
            try
            {
                await bundles.CleanupAsync(withBundles, ns => DeleteNamespaceAsync(withBundles, ns, cancellationToken), cancellationToken);
            }
            catch (TargetException e)
            {
                // The run's own namespace goes all the same; the failure is reported after it.
                left = e;
            }
        }

        if (_client is { } client && Namespace is { } ns && _namespaceCreated)
        {
            _namespaceCreated = false;
            await DeleteNamespaceAsync(client, ns, cancellationToken);
        }

        _live?.Dispose();
        _live = null;
        _client?.Dispose();
        _client = null;
        if (left is not null)
        {
            throw left;
        }
    }

    public string Describe => $"kubernetes namespace {Namespace}";

    /// <summary>
    /// Starts the deletion of the run's namespace (every object of the run goes with it),
    /// without waiting for the namespace to be gone: after a second signal the harness exits within a second.
    /// </summary>
    public void StopNow(TimeSpan within)
    {
        // The port-forwards are listeners of this process: they close when it exits.
        if (_client is not { } client || Namespace is not { } ns)
        {
            return;
        }

        using var bound = new CancellationTokenSource(within);
        var started = Environment.TickCount64;
        try
        {
            var own = client.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: bound.Token);

            // Meanwhile the bundle namespaces the run created, and its objects in those it found.
            _bundleNamespaces?.StopNow(client, within);
            own.Wait(TimeSpan.FromMilliseconds(Math.Max(0, within.TotalMilliseconds - (Environment.TickCount64 - started))));
        }
        catch (Exception e) when (e is AggregateException or ObjectDisposedException)
        {
            // Gone already, or the API server did not answer in time: the request has been sent.
        }
    }

    /// <summary>Rollout restart: the Deployment's pod template gets a new restartedAt annotation; then waits (bounded) until the new pod is ready.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        var stamp = Time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var patch = System.Text.Json.JsonSerializer.Serialize(new { spec = new { template = new { metadata = new { annotations = new Dictionary<string, string> { [RestartedAtAnnotation] = stamp } } } } });
        await Api($"restarting Deployment {Options.Spec.Deployment}", () => Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), Options.Spec.Deployment, Namespace, cancellationToken: cancellationToken));
        await WaitRolledOutAsync(cancellationToken);
    }

    /// <summary>Waits up to <paramref name="within"/> for the container to terminate by itself (its restart count grows); true when it did.</summary>
    public async Task<bool> WaitForContainerExitAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        var pod = _pod ?? throw new TargetException("no pod is running");
        var before = await RestartCountAsync(pod, cancellationToken);
        try
        {
            return await Poll(within, async ct => await RestartCountAsync(pod, ct) is { } now && now > before, cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            return false;
        }
    }

    /// <summary>Waits (bounded by the profile's readyWithin) until the Deployment is rolled out and a pod is ready, then follows that pod's logs.</summary>
    public async Task WaitRolledOutAsync(CancellationToken cancellationToken)
    {
        var name = Options.Spec.Deployment;
        string? last = null;
        try
        {
            await Poll(
                Options.Spec.ReadyWithin,
                async ct =>
                {
                    V1Deployment d;
                    try
                    {
                        d = await Client.AppsV1.ReadNamespacedDeploymentStatusAsync(name, Namespace, cancellationToken: ct);
                    }
                    catch (HttpOperationException e) when (KubernetesErrors.IsNotFound(e))
                    {
                        throw new TargetException($"Deployment {name} does not exist in namespace {Namespace}: do the manifests create it?");
                    }

                    var wanted = d.Spec?.Replicas ?? 1;
                    var s = d.Status;
                    last = $"generation {d.Metadata?.Generation}, observed {s?.ObservedGeneration}, updated {s?.UpdatedReplicas ?? 0}/{wanted}, ready {s?.ReadyReplicas ?? 0}/{wanted}, total {s?.Replicas ?? 0}";
                    return s is not null && s.ObservedGeneration >= d.Metadata?.Generation && (s.UpdatedReplicas ?? 0) >= wanted
                        && (s.ReadyReplicas ?? 0) >= wanted && (s.Replicas ?? 0) <= wanted && await FindReadyPodAsync(d, ct);
                },
                cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            throw new TargetException($"Deployment {name} in namespace {Namespace} was not ready within {Durations.Format(Options.Spec.ReadyWithin)} ({last ?? "no status"})");
        }
        catch (Exception e) when (KubernetesErrors.IsApiFailure(e))
        {
            throw KubernetesErrors.Wrap($"waiting for Deployment {name}", Server, e);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>The labels of everything the run creates outside the manifests: who manages it, and which run made it.</summary>
    internal Dictionary<string, string> RunLabels() => new()
    {
        [KubernetesTargetOptions.ManagedByLabel] = KubernetesTargetOptions.ManagedByValue,
        [KubernetesTargetOptions.RunLabel] = RunSuffix ?? throw new TargetException("the kubernetes target is not started"),
    };

    internal static V1Secret TlsSecret(string name, string certificatePem, string keyPem) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Type = "kubernetes.io/tls",
        Data = new Dictionary<string, byte[]> { ["tls.crt"] = Encoding.ASCII.GetBytes(certificatePem), ["tls.key"] = Encoding.ASCII.GetBytes(keyPem) },
    };

    /// <summary>Runs one API call; failures become one line naming what was being done.</summary>
    internal async Task<T> Api<T>(string doing, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (KubernetesErrors.IsApiFailure(e))
        {
            throw KubernetesErrors.Wrap(doing, Server, e);
        }
    }

    internal void Append(LogLine line)
    {
        lock (_gate)
        {
            _logs.Add(line);
        }
    }

    internal async Task<bool> Poll(TimeSpan within, Func<CancellationToken, ValueTask<bool>> check, CancellationToken cancellationToken)
    {
        var pipeline = new ResiliencePipelineBuilder<bool> { TimeProvider = Time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = within })
            .AddRetry(new RetryStrategyOptions<bool>
            {
                // Not ready yet, or a transient API failure (connection refused while the API server restarts, 5xx).
                ShouldHandle = new PredicateBuilder<bool>().HandleResult(false).Handle<HttpRequestException>()
                    .Handle<HttpOperationException>(e => (int)e.Response.StatusCode >= 500),
                MaxRetryAttempts = int.MaxValue,
                Delay = PollDelay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            })
            .Build();
        return await pipeline.ExecuteAsync(check, cancellationToken);
    }

    private async Task CreateNamespaceAsync(CancellationToken cancellationToken)
    {
        var suffix = string.Concat(Enumerable.Range(0, 6).Select(_ => "abcdefghijklmnopqrstuvwxyz0123456789"[Random.Shared.Next(36)]));
        var ns = $"{Options.Spec.NamespacePrefix}-{suffix}";
        RunSuffix = suffix;
        var body = new V1Namespace { Metadata = new V1ObjectMeta { Name = ns, Labels = RunLabels() } };

        // The first call also tells whether the API server answers at all: one attempt, so an unreachable cluster is
        // reported at once rather than after a retry budget.
        await Api($"creating namespace {ns}", () => Client.CoreV1.CreateNamespaceAsync(body, cancellationToken: cancellationToken));
        Namespace = ns;
        _namespaceCreated = true;
        _live = LiveResources.Register(this);
    }

    private async Task DeleteNamespaceAsync(k8s.Kubernetes client, string ns, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (KubernetesErrors.IsNotFound(e))
        {
            return;
        }
        catch (Exception e) when (KubernetesErrors.IsApiFailure(e))
        {
            throw KubernetesErrors.Wrap($"deleting namespace {ns}", Server, e);
        }

        // A namespace is gone once its finalizers ran; wait for that (bounded) so a run leaves nothing behind.
        try
        {
            await Poll(
                DeleteWait,
                async ct =>
                {
                    try
                    {
                        await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: ct);
                        return false;
                    }
                    catch (HttpOperationException e) when (KubernetesErrors.IsNotFound(e))
                    {
                        return true;
                    }
                },
                cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            throw new TargetException($"namespace {ns} was still terminating {Durations.Format(DeleteWait)} after its deletion");
        }
    }

    private async Task<bool> FindReadyPodAsync(V1Deployment deployment, CancellationToken cancellationToken)
    {
        var selector = string.Join(',', (deployment.Spec?.Selector?.MatchLabels ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}"));
        var pods = await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken);
        var ready = pods.Items
            .Where(p => p.Metadata?.DeletionTimestamp is null && p.Status?.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
            .OrderByDescending(p => p.Metadata.CreationTimestamp)
            .FirstOrDefault();
        if (ready is null)
        {
            return false;
        }

        var container = Options.Spec.Container ?? ready.Spec?.Containers?.FirstOrDefault()?.Name ?? throw new TargetException($"pod {ready.Metadata.Name} has no containers");
        if (ready.Spec?.Containers?.Any(c => c.Name == container) != true)
        {
            throw new TargetException($"pod {ready.Metadata.Name} has no container named {container} (target.kubernetes.container)");
        }

        Container = container;
        // A new pod (rollout), or the same pod whose container restarted (its log stream ended with the old instance).
        if (ready.Metadata.Name != _pod || _follower is not { Running: true })
        {
            _pod = ready.Metadata.Name;
            StartFollower(_pod, container);
        }

        return true;
    }

    private void StartFollower(string pod, string container)
    {
        var follower = new KubernetesLogFollower(Client, Namespace!, pod, container, Time, Append);
        lock (_gate)
        {
            _followers.Add(follower);
            _follower = follower;
        }

        follower.Start();
    }

    private async Task StopFollowersAsync()
    {
        List<KubernetesLogFollower> followers;
        lock (_gate)
        {
            followers = [.. _followers];
            _followers.Clear();
        }

        foreach (var f in followers)
        {
            await f.DisposeAsync();
        }
    }

    private async Task<int?> RestartCountAsync(string pod, CancellationToken cancellationToken)
    {
        var p = await Api($"reading pod {pod}", () => Client.CoreV1.ReadNamespacedPodAsync(pod, Namespace, cancellationToken: cancellationToken));
        return p.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == Container)?.RestartCount;
    }
}
