using Conformance.FakeKubernetes;
using k8s.Models;

namespace Conformance.Tests.Targets.Kubernetes;

/// <summary>Deployments of the reference server for the fake's kubelet tests: TLS on container port 8443 with the Secret <c>tls</c> at /etc/tls.</summary>
internal static class FakePods
{
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    public static IList<string> ServerArgs(params IEnumerable<string> more) => ["--https", "8443", "--cert", "/etc/tls/tls.crt", "--key", "/etc/tls/tls.key", .. more];

    public static V1Deployment Deployment(string name, IDictionary<string, string> labels, IList<string> args, IList<V1EnvVar>? env = null, Action<V1PodSpec>? configure = null)
    {
        var spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = FakeKubernetesApi.ReferenceImage + ":dev",
                    Args = args,
                    Env = env,
                    Ports = [new V1ContainerPort { Name = "https", ContainerPort = 8443 }],
                    VolumeMounts = [new V1VolumeMount { Name = "tls", MountPath = "/etc/tls" }],
                },
            ],
            Volumes = [new V1Volume { Name = "tls", Secret = new V1SecretVolumeSource { SecretName = "tls" } }],
        };
        configure?.Invoke(spec);
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1DeploymentSpec
            {
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = spec },
            },
        };
    }

    /// <summary>Creates the Deployment and waits until its pod's process has been started (its environment is then fixed).</summary>
    public static async Task<FakePod> RunAsync(FakeKubernetesCluster cluster, FakeApiClient client, string ns, V1Deployment deployment)
    {
        await client.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", deployment);
        var name = deployment.Metadata.Name;
        await Eventually.TrueAsync(() => cluster.Api.PodOf(ns, name) is { Running: true }, Within, $"pod of {name} running\n{cluster.Describe()}");
        return cluster.Api.PodOf(ns, name)!;
    }
}
