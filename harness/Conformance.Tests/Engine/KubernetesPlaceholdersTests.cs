using Conformance.Inputs;
using Conformance.Profiles;
using Conformance.Targets.Kubernetes;

namespace Conformance.Tests.Engine;

/// <summary>
/// <c>{port:NAME}</c> outside a kubernetes profile's endpoints: container ports for forwarded names (what the pod
/// listens on and logs), harness-side local ports for the rest; the process target keeps the local port everywhere.
/// </summary>
public sealed class KubernetesPlaceholdersTests
{
    private static readonly KubernetesSpec Spec = new()
    {
        Deployment = "knative-reference",
        Ports = new Dictionary<string, int> { ["https"] = 8112, ["admin"] = 8022 },
    };

    private static Profile Kubernetes() => new()
    {
        Name = "k",
        Target = new TargetSpec { Kind = TargetKind.Kubernetes, Kubernetes = Spec },
        Endpoints = [new EndpointSpec { Name = "main", Port = "{port:https}" }],
    };

    [Fact]
    public void Manifest_ports_are_container_ports_for_forwarded_names_and_local_ports_for_the_rest_other_placeholders_stay()
    {
        var resolver = new PlaceholderResolver();
        var upstream = resolver.Port("upstream");
        var text = "- \"{port:https}\"\n- https://127.0.0.1:{port:upstream}\n- {pki:cert}\n- {port:https}:{port:admin}";

        var resolved = KubernetesPlaceholders.ResolvePorts(text, Spec, resolver);

        Assert.Equal($"- \"8112\"\n- https://127.0.0.1:{upstream}\n- {{pki:cert}}\n- 8112:8022", resolved);
        Assert.NotEqual(8112, resolver.Port("https"));
    }

    [Fact]
    public void Log_catalog_placeholders_name_the_container_port_on_kubernetes_and_the_local_port_on_a_process()
    {
        var resolver = new PlaceholderResolver();
        resolver.Set("run:dir", "/tmp/run");
        var local = resolver.Port("https");

        var onKubernetes = KubernetesPlaceholders.ForLogs(Kubernetes(), resolver);
        var onProcess = KubernetesPlaceholders.ForLogs(Kubernetes() with { Target = new TargetSpec { Kind = TargetKind.Process, Command = "/bin/true" } }, resolver);

        Assert.Equal("8112", onKubernetes("{port:https}"));
        Assert.Equal("/tmp/run", onKubernetes("{run:dir}"));
        Assert.Equal(resolver.Port("other").ToString(System.Globalization.CultureInfo.InvariantCulture), onKubernetes("{port:other}"));
        Assert.Equal(local.ToString(System.Globalization.CultureInfo.InvariantCulture), onProcess("{port:https}"));
        Assert.Throws<PlaceholderException>(() => onKubernetes("{nope}"));
    }
}
