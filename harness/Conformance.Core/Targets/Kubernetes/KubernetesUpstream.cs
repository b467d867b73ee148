using Conformance.Inputs;
using Conformance.Model;
using Conformance.Platform;
using Conformance.Profiles;
using Conformance.TrustBundles;
using Polly.Timeout;
using k8s;
using k8s.Models;

namespace Conformance.Targets.Kubernetes;

/// <summary>
/// The trust-bundle scenarios' upstream in a cluster: a Deployment and Service named <see cref="Name"/> in the run's
/// namespace, running <see cref="KubernetesSpec.UpstreamImage"/> as the reference server's <c>--mode upstream</c>. It is
/// created before the profile's manifests, so the implementation's pod gets the Service's environment variables
/// (<c>CONFORMANCE_UPSTREAM_SERVICE_HOST</c>, <c>CONFORMANCE_UPSTREAM_SERVICE_PORT_HTTPS</c>) and can also call it by
/// DNS (<c>https://conformance-upstream:8443</c>). The harness drives it through a port-forward to its admin port; it
/// goes away with the namespace.
/// </summary>
internal sealed class KubernetesUpstream(KubernetesTarget target) : ITrustUpstreamSource, IAsyncDisposable
{
    /// <summary>The Deployment's, Service's and pods' name (label <c>app.kubernetes.io/name</c>).</summary>
    public const string Name = "conformance-upstream";

    public const int TlsPort = 8443;

    public const int AdminPort = 9090;

    private KubernetesPortForwarder? _forwarder;
    private int _localAdmin;
    private string? _pod;

    /// <summary>Creates the Service and Deployment, waits (bounded by readyWithin) for a ready pod, and forwards its admin port.</summary>
    public async Task DeployAsync(CancellationToken cancellationToken)
    {
        var ns = target.Namespace;
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Name, ["app.kubernetes.io/part-of"] = "conformance" };
        await target.Api($"creating Service {Name}", () => target.Client.CoreV1.CreateNamespacedServiceAsync(Service(labels), ns, cancellationToken: cancellationToken));
        await target.Api($"creating Deployment {Name}", () => target.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(labels, target.Options.Spec.UpstreamImage), ns, cancellationToken: cancellationToken));
        string? last = null;
        try
        {
            await target.Poll(
                target.Options.Spec.ReadyWithin,
                async ct =>
                {
                    var pods = await target.Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"app.kubernetes.io/name={Name}", cancellationToken: ct);
                    var ready = pods.Items.FirstOrDefault(p => p.Metadata?.DeletionTimestamp is null && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
                    last = string.Join(", ", pods.Items.Select(p => $"{p.Metadata?.Name}: {p.Status?.Phase}"));
                    _pod = ready?.Metadata.Name;
                    return _pod is not null;
                },
                cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            throw new TargetException($"the trust-bundle upstream (Deployment {Name}, image {target.Options.Spec.UpstreamImage}) in namespace {ns} was not ready within {Durations.Format(target.Options.Spec.ReadyWithin)} ({(last is { Length: > 0 } ? last : "no pod")}); is the image loaded into the cluster (kind load docker-image)? target.kubernetes.upstreamImage names it");
        }

        _localAdmin = PortAllocator.Allocate();
        _forwarder = new KubernetesPortForwarder(target, [new KubernetesForward("conformance-upstream-admin", _localAdmin, AdminPort)], () => _pod);
        _forwarder.Start();
    }

    public async Task<ITrustUpstream> OpenUpstreamAsync(string marker, CancellationToken cancellationToken)
    {
        if (_forwarder is null)
        {
            throw new TargetException("the trust-bundle upstream was not deployed");
        }

        return await RemoteUpstream.OpenAsync(
            new Uri($"http://127.0.0.1:{_localAdmin}"),
            $"https://{Name}:{TlsPort} (Service {Name} in namespace {target.Namespace}, pod {_pod})",
            marker,
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_forwarder is { } f)
        {
            _forwarder = null;
            await f.DisposeAsync();
        }
    }

    private static V1Service Service(Dictionary<string, string> labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = Name, Labels = labels },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Name },
            Ports = [new V1ServicePort { Name = "https", Port = TlsPort, TargetPort = TlsPort, Protocol = "TCP" }],
        },
    };

    private static V1Deployment Deployment(Dictionary<string, string> labels, string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = Name, Labels = labels },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = labels },
                Spec = new V1PodSpec
                {
                    // It needs nothing from the API server.
                    AutomountServiceAccountToken = false,
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "upstream",
                            Image = image,
                            ImagePullPolicy = "IfNotPresent",
                            Args = ["--mode", "upstream", "--bind", "0.0.0.0", "--https", $"{TlsPort}", "--admin", $"{AdminPort}"],
                            Ports = [new V1ContainerPort { Name = "admin", ContainerPort = AdminPort }, new V1ContainerPort { Name = "https", ContainerPort = TlsPort }],
                            ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = AdminPort }, PeriodSeconds = 1 },
                        },
                    ],
                },
            },
        },
    };
}
