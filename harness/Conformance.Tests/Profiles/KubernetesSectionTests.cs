using Conformance.Drivers;
using Conformance.Profiles;

namespace Conformance.Tests.Profiles;

/// <summary><c>target.kubernetes</c>: every key read, every mistake reported with its line and field.</summary>
public sealed class KubernetesSectionTests
{
    private const string File = "/profiles/k8s.yaml";

    private static string Profile(params string[] kubernetes) =>
        "apiVersion: conformance/v1\nname: k\ntarget:\n  kind: kubernetes\n  kubernetes:\n" + string.Concat(kubernetes.Select(l => $"    {l}\n"))
        + "endpoints:\n  https: { port: \"{port:https}\" }\n";

    [Fact]
    public void Every_key_is_read_and_relative_paths_follow_the_profile()
    {
        var profile = ProfileLoader.Parse(
            Profile(
                "kubeconfig: kind.config",
                "context: kind-conformance",
                "namespacePrefix: knative-tls",
                "manifests: [../kubernetes/app.yaml, /abs/more.yaml]",
                "deployment: activator",
                "container: queue-proxy",
                "secret: app-tls",
                "bundleConfigMap: app-ca",
                "ports: { https: 8112, admin: 8022 }",
                "serverName: app.ns.svc.cluster.local",
                "readyWithin: 45s"),
            File);

        var k = Assert.IsType<KubernetesSpec>(profile.Target.Kubernetes);
        Assert.Equal("/profiles/kind.config", k.Kubeconfig);
        Assert.Equal("kind-conformance", k.Context);
        Assert.Equal("knative-tls", k.NamespacePrefix);
        Assert.Equal(["/kubernetes/app.yaml", "/abs/more.yaml"], k.Manifests);
        Assert.Equal(("activator", "queue-proxy", "app-tls", "app-ca"), (k.Deployment, k.Container, k.Secret, k.BundleConfigMap));
        Assert.Equal(new Dictionary<string, int> { ["https"] = 8112, ["admin"] = 8022 }, k.Ports);
        Assert.Equal("app.ns.svc.cluster.local", k.ServerName);
        Assert.Equal(TimeSpan.FromSeconds(45), k.ReadyWithin);
    }

    [Fact]
    public void Defaults_leave_kubeconfig_to_the_environment()
    {
        var k = ProfileLoader.Parse(Profile("manifests: [a.yaml]", "deployment: app", "ports: { https: 8443 }"), File).Target.Kubernetes!;

        Assert.Null(k.Kubeconfig);
        Assert.Null(k.Context);
        Assert.Null(k.Container);
        Assert.Equal(("conformance", "conformance-tls", "conformance-bundle"), (k.NamespacePrefix, k.Secret, k.BundleConfigMap));
        Assert.Equal(TimeSpan.FromMinutes(2), k.ReadyWithin);
    }

    [Fact]
    public void Mistakes_are_reported_with_line_and_field()
    {
        var errors = ProfileLoader.ValidateText(
            Profile("manifests: []", "deployment: Bad_Name", "ports: { https: 70000 }", "namspacePrefix: x", "readyWithin: soon"),
            File);

        Assert.Contains(errors, e => e.Field == "target.kubernetes.manifests" && e.Message.Contains("missing required field", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 7 && e.Field == "target.kubernetes.deployment" && e.Message.Contains("'Bad_Name' is not a Kubernetes object name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 8 && e.Field == "target.kubernetes.ports.https" && e.Message.Contains("'70000' is not a container port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 9 && e.Field == "target.kubernetes.namspacePrefix" && e.Message.Contains("did you mean 'namespacePrefix'?", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 10 && e.Field == "target.kubernetes.readyWithin");
        Assert.All(errors, e => Assert.Equal(File, e.File));
    }

    [Fact]
    public void The_section_on_another_target_kind_is_an_error()
    {
        var yaml = "apiVersion: conformance/v1\nname: k\ntarget:\n  kind: process\n  command: /bin/true\n  kubernetes: { deployment: app }\nendpoints:\n  https: { port: \"{port:https}\" }\n";

        var error = Assert.Single(ProfileLoader.ValidateText(yaml, File));

        Assert.Equal((6, "target.kubernetes"), (error.Line, error.Field));
        Assert.Contains("only a kubernetes target reads this section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kubernetes_target_without_the_section_names_what_to_add()
    {
        var yaml = "apiVersion: conformance/v1\nname: k\ntarget:\n  kind: kubernetes\nendpoints:\n  https: { port: \"{port:https}\" }\n";

        var error = Assert.Single(ProfileLoader.ValidateText(yaml, File));

        Assert.Equal("target.kubernetes", error.Field);
        Assert.Contains("missing required field 'kubernetes'", error.Message, StringComparison.Ordinal);
    }
}
