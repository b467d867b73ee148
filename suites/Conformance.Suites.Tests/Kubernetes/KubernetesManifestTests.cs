using System.Globalization;
using Conformance.Drivers;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Kubernetes;

/// <summary>
/// The manifests in fixtures/kubernetes/ and kind-config/default.yaml, parsed with YamlDotNet: structure (see
/// <see cref="ManifestChecker"/>) and each seed profile's shape. They are the one set the kubernetes target applies:
/// here on the fake API server (KubernetesProfileRunTests), in a real cluster in the kind workflow.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "fixtures", "kubernetes");

    private static readonly ReferenceFlags Flags = ReferenceFlags.Load(Path.Combine(RepoPaths.Root, "fixtures", "ReferenceServer"));

    private static IReadOnlyList<string> Files => [.. Directory.GetFiles(Dir, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Manifests() => [.. Files];

    private static List<YamlDotNet.RepresentationModel.YamlMappingNode> Load(string file) =>
        [.. Yaml.LoadDocuments(File.ReadAllText(Path.Combine(Dir, file)))];

    private static YamlDotNet.RepresentationModel.YamlNode Container(string file, string name) =>
        Load(file).Where(d => d.Text("kind") == "Deployment")
            .SelectMany(d => d.Items("spec", "template", "spec", "containers"))
            .Single(c => c.Text("name") == name);

    private static YamlDotNet.RepresentationModel.YamlNode Service(string file, string? service = null) =>
        Load(file).Single(d => d.Text("kind") == "Service" && (service is null || d.Text("metadata", "name") == service));

    private static (int Port, string Target) ServicePort(string file, string name, string? service = null)
    {
        var port = Service(file, service).Items("spec", "ports").Single(p => p.Text("name") == name);
        return (int.Parse(port.Text("port")!, CultureInfo.InvariantCulture), port.Text("targetPort")!);
    }

    [Fact]
    public void Every_seed_profile_has_a_manifest()
    {
        Assert.Equal(["direktiv.yaml", "feldera.yaml", "flux.yaml", "knative.yaml", "reference.yaml"], Files);
    }

    [Fact]
    public void There_is_one_set_of_manifests_every_one_applied_by_a_shipped_kubernetes_profile()
    {
        var profiles = Directory.GetFiles(Path.Combine(RepoPaths.Root, "fixtures", "profiles"), "*.yaml")
            .Select(f => ProfileLoader.Load(f))
            .Where(p => p.Target.Kubernetes is not null)
            .ToList();
        var applied = profiles.SelectMany(p => p.Target.Kubernetes!.Manifests).Select(m => Path.GetFullPath(m)).ToHashSet();

        Assert.All(applied, m => Assert.Equal(Path.GetFullPath(Dir), Path.GetDirectoryName(m)));
        Assert.False(Directory.Exists(Path.Combine(Dir, "target")), "fixtures/kubernetes/target: a second set of manifests");

        // Every manifest, flux.yaml included (it reads its Secret through the API server: no init container).
        Assert.Equal(Files, Files.Where(f => applied.Contains(Path.GetFullPath(Path.Combine(Dir, f)))));
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Manifest_passes_the_structure_checks(string file)
    {
        var problems = ManifestChecker.Check(file, File.ReadAllText(Path.Combine(Dir, file)), Flags);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Contains(Load(file), d => d.Text("kind") == "Deployment");
        Assert.Contains(Load(file), d => d.Text("kind") == "Service");
    }

    [Fact]
    public void Kind_config_is_one_node_publishing_nothing_on_the_host()
    {
        var config = Yaml.LoadDocuments(File.ReadAllText(Path.Combine(RepoPaths.Root, "kind-config", "default.yaml"))).Single();
        Assert.Equal("Cluster", config.Text("kind"));
        Assert.Equal("kind.x-k8s.io/v1alpha4", config.Text("apiVersion"));
        var node = Assert.Single(config.Items("nodes"));
        Assert.Equal("control-plane", node.Text("role"));

        // Port-forwards reach the pods; host port mappings would only pair with NodePorts, which the manifests avoid.
        Assert.Empty(node.Items("extraPortMappings"));
        Assert.DoesNotContain(Files.SelectMany(Load).Where(d => d.Text("kind") == "Service"), svc => svc.Text("spec", "type") is { } t && t != "ClusterIP");
    }

    [Fact]
    public void Feldera_four_components_on_tls_ports_and_one_secret_feldera_https_config()
    {
        var feldera = Container("feldera.yaml", "feldera");
        var args = ManifestChecker.Args(feldera);

        Assert.Equal(["feldera"], args["--mode"]);
        // API server, compiler, runner, pipelines: each port switched to TLS, none left on HTTP.
        Assert.Equal(["8080", "8085", "8089", "8081"], args["--https"]);
        Assert.Empty(args["--http"]);
        Assert.Empty(args["--https-cert"]);
        var secrets = Load("feldera.yaml").Single(d => d.Text("kind") == "Deployment").Items("spec", "template", "spec", "volumes").Where(v => v.Path("secret") is not null).ToList();
        Assert.Equal("feldera-https-config", Assert.Single(secrets).Text("secret", "secretName"));
        Assert.Equal((8080, "api"), ServicePort("feldera.yaml", "api"));
        Assert.Equal((8085, "compiler"), ServicePort("feldera.yaml", "compiler"));
        Assert.Equal((8089, "runner"), ServicePort("feldera.yaml", "runner"));
        Assert.Equal((8081, "pipelines"), ServicePort("feldera.yaml", "pipelines"));
        Assert.Equal(4, Service("feldera.yaml").Items("spec", "ports").Count());
    }

    [Fact]
    public void Flux_secret_read_through_the_api_301_port_and_443_to_9443()
    {
        var manager = Container("flux.yaml", "manager");
        var args = ManifestChecker.Args(manager);

        Assert.Equal(["flux"], args["--mode"]);
        Assert.Equal(["kubernetes"], args["--tls-secret-from"]);
        Assert.Equal(["source-controller-tls"], args["--tls-secret-name"]);
        Assert.Empty(args["--tls-secret"]);
        Assert.Empty(args["--cert"]);
        // Storage on 9443; the notification-controller's events on 9444 (one pod plays both controllers).
        Assert.Equal(["9443", "9444"], args["--https"]);
        Assert.Equal(["9080"], args["--http"]);
        Assert.Equal(["1.3"], args["--tls-min"]);
        Assert.Equal((443, "https"), ServicePort("flux.yaml", "https", "source-controller"));
        Assert.Equal((80, "http"), ServicePort("flux.yaml", "http", "source-controller"));

        // RFC: "The existing notification-controller service will bind port 443 to 9443" (here the events port); with
        // TLS its HTTP endpoints are disabled, so the Service has no other port.
        Assert.Equal((443, "events-https"), ServicePort("flux.yaml", "https", "notification-controller"));
        Assert.Single(Service("flux.yaml", "notification-controller").Items("spec", "ports"));

        // Behind 443 the redirect must name no port: the Location a client sees is the declared external URL.
        var redirect = new Uri(Assert.Single(args["--redirect-base"]));
        Assert.True(redirect.IsDefaultPort && redirect.Scheme == "https", redirect.ToString());
        Assert.DoesNotContain(":", redirect.Authority, StringComparison.Ordinal);

        // The Secret comes through the API server, as Flux's controllers read theirs: no init container, no volume.
        var pod = Load("flux.yaml").Single(d => d.Text("kind") == "Deployment").Path("spec", "template", "spec")!;
        Assert.Empty(pod.Items("initContainers"));
        Assert.Empty(pod.Items("volumes"));
        Assert.Empty(manager.Items("volumeMounts"));

        // RBAC: the pod's service account (default) may get exactly that Secret.
        var role = Load("flux.yaml").Single(d => d.Text("kind") == "Role");
        var rule = Assert.Single(role.Items("rules"));
        Assert.Equal([string.Empty], rule.Strings("apiGroups"));
        Assert.Equal(["secrets"], rule.Strings("resources"));
        Assert.Equal(["source-controller-tls"], rule.Strings("resourceNames"));
        Assert.Contains("get", rule.Strings("verbs"));
        var binding = Load("flux.yaml").Single(d => d.Text("kind") == "RoleBinding");
        Assert.Equal(role.Text("metadata", "name"), binding.Text("roleRef", "name"));
        var subject = Assert.Single(binding.Items("subjects"));
        Assert.Equal(("ServiceAccount", "default"), (subject.Text("kind"), subject.Text("name")));
    }

    [Theory]
    [InlineData("verbs: [get, list, watch]", "verbs: [list, watch]", "no RoleBinding in this file grants it a Role that may get secrets (source-controller-tls)")]
    [InlineData("resourceNames: [source-controller-tls]", "resourceNames: [some-other-secret]", "may get secrets (source-controller-tls)")]
    [InlineData("  - { kind: ServiceAccount, name: default }", "  - { kind: ServiceAccount, name: someone-else }", "as service account 'default', but no RoleBinding")]
    [InlineData("- --tls-secret-name\n            - source-controller-tls\n            ", "", "--tls-secret-from needs --tls-secret-name")]
    [InlineData("- kubernetes\n", "- vault\n", "--tls-secret-from vault")]
    public void The_checker_reports_a_broken_flux_manifest(string from, string to, string expected)
    {
        var text = File.ReadAllText(Path.Combine(Dir, "flux.yaml"));
        var replaced = text.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(text, replaced);

        var problems = ManifestChecker.Check("flux.yaml", replaced, Flags);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Direktiv_mtls_on_7777_5555_6666_each_port_with_its_own_secret()
    {
        var flow = Container("direktiv.yaml", "flow");
        var args = ManifestChecker.Args(flow);

        Assert.Equal(["direktiv"], args["--mode"]);
        // The Helm configuration turns mTLS on for every port; each port mounts its own Secret.
        Assert.Equal(["7777:required", "5555:required", "6666:required"], args["--https"]);
        Assert.Equal(["/etc/direktiv/flow/tls.crt", "/etc/direktiv/fn/tls.crt", "/etc/direktiv/ingress/tls.crt"], args["--https-cert"]);
        Assert.Equal(["/etc/direktiv/flow/tls.key", "/etc/direktiv/fn/tls.key", "/etc/direktiv/ingress/tls.key"], args["--https-key"]);
        Assert.False(args.Contains("--cert"));
        Assert.Equal(["/etc/direktiv/client-ca/ca.crt"], args["--client-ca"]);
        Assert.Contains(string.Empty, args["--grpc"]);
        var secrets = Load("direktiv.yaml").Single(d => d.Text("kind") == "Deployment").Items("spec", "template", "spec", "volumes")
            .Select(v => v.Text("secret", "secretName")).Where(n => n is not null).ToList();
        Assert.Equal(["direktiv-cert-flow", "direktiv-cert-fn", "direktiv-cert-ingress"], secrets);
        foreach (var (name, port) in new[] { ("flow", 7777), ("functions", 5555), ("ingress", 6666) })
        {
            Assert.Equal((port, name), ServicePort("direktiv.yaml", name));
        }

        Assert.All(Service("direktiv.yaml").Items("spec", "ports"), p => Assert.Equal("grpc", p.Text("appProtocol")));
    }

    [Fact]
    public void Knative_queue_proxy_on_8112_with_its_cert_secret_and_trust_bundles_listed_through_the_api()
    {
        var deployment = Load("knative.yaml").Single(d => d.Text("kind") == "Deployment");
        Assert.Equal(["queue-proxy"], deployment.Items("spec", "template", "spec", "containers").Select(c => c.Text("name")));
        var queue = Container("knative.yaml", "queue-proxy");
        var args = ManifestChecker.Args(queue);

        Assert.Equal(["knative"], args["--mode"]);
        Assert.Equal(["8112"], args["--https"]);
        Assert.Equal(["/var/lib/knative/certs/tls.crt"], args["--cert"]);
        Assert.Equal(["/var/lib/knative/certs/tls.key"], args["--key"]);
        Assert.Equal(["1.3"], args["--tls-min"]);
        Assert.Equal(["8022"], args["--admin"]);
        Assert.Equal((443, "https"), ServicePort("knative.yaml", "https"));
        var certs = deployment.Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == "knative-certs");
        Assert.Equal("knative-serving-certs", certs.Text("secret", "secretName"));

        // Bundles of any name: read through the API (what Knative's informer does), not mounted by name.
        Assert.Equal(["kubernetes"], args["--trust-bundles-from"]);
        Assert.Empty(args["--trust-bundles"]);
        Assert.DoesNotContain(Load("knative.yaml"), d => d.Text("kind") == "ConfigMap");
        // In the namespaces the Knative document keeps them in, where the target grants the pod read access itself.
        Assert.Equal(["knative-serving", "knative-serving-ingress"], args["--trust-bundles-namespace"]);
        Assert.DoesNotContain(Load("knative.yaml"), d => d.Text("kind") is "Role" or "RoleBinding");

        // The activator's own TLS endpoint: its pair from the Secret <secret>-activator (pki.certificates.activator).
        Assert.Equal(["/var/lib/knative/certs-activator/tls.crt"], args["--activator-cert"]);
        var activatorCerts = deployment.Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == "knative-certs-activator");
        Assert.Equal("knative-serving-certs-activator", activatorCerts.Text("secret", "secretName"));

        // The activator calls the upstream the harness deploys (Service conformance-upstream), through the variables
        // Kubernetes gives a pod for each Service that existed before it.
        Assert.Equal([ManifestChecker.HarnessUpstream[0]], args["--upstream"]);
        Assert.Equal(["data-plane.knative.dev"], args["--upstream-server-name"]);
        Assert.Equal(["8012"], args["--activator-port"]);
    }

    [Theory]
    [InlineData("imagePullPolicy: IfNotPresent", "imagePullPolicy: Always", "imagePullPolicy must be IfNotPresent or Never")]
    [InlineData("image: conformance/reference:dev", "image: ghcr.io/example/reference:latest", "image must be conformance/reference:dev")]
    [InlineData("- /etc/feldera/tls/tls.crt", "- /etc/feldera/certs/tls.crt", "--cert /etc/feldera/certs/tls.crt is not inside any mounted volume")]
    [InlineData("- /etc/feldera/tls/tls.key", "- /etc/feldera/tls/private.key", "must be tls.key of a named kubernetes.io/tls Secret volume")]
    [InlineData("- --tls-min", "- --tls-minimum", "'--tls-minimum' is not a flag of the reference server")]
    [InlineData("- feldera\n", "- enterprise\n", "--mode enterprise is not a mode of the reference server")]
    [InlineData("containerPort: 8080", "containerPort: 8443", "differ from the ports it listens on")]
    [InlineData("port: 8080, targetPort: api, protocol: TCP", "port: 8080, targetPort: api, nodePort: 30080, protocol: TCP", "nodePort 30080: Services are ClusterIP here")]
    [InlineData("targetPort: api", "targetPort: http", "targets 'http', which no container")]
    [InlineData("  labels: { app.kubernetes.io/name: feldera, app.kubernetes.io/part-of: conformance }\nspec:\n  replicas", "  namespace: feldera\n  labels: { app.kubernetes.io/name: feldera }\nspec:\n  replicas", "names a namespace")]
    public void The_checker_reports_a_broken_manifest(string from, string to, string expected)
    {
        var text = File.ReadAllText(Path.Combine(Dir, "feldera.yaml"));
        Assert.Contains(from, text, StringComparison.Ordinal);

        var problems = ManifestChecker.Check("feldera.yaml", text.Replace(from, to, StringComparison.Ordinal), Flags);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("- --trust-bundles-namespace\n            - knative-serving\n            - --trust-bundles-namespace\n            - knative-serving-ingress\n            ", "", "no RoleBinding in this file grants it a Role that may list configmaps")]
    [InlineData("- /var/lib/knative/certs-activator/tls.crt", "- /var/lib/knative/activator/tls.crt", "--activator-cert /var/lib/knative/activator/tls.crt is not inside any mounted volume")]
    [InlineData("- https://$(CONFORMANCE_UPSTREAM_SERVICE_HOST):$(CONFORMANCE_UPSTREAM_SERVICE_PORT_HTTPS)", "- https://upstream.example.com:8443", "--upstream https://upstream.example.com:8443 must be the harness's upstream")]
    [InlineData("- --activator-port\n            - \"8012\"\n            ", "", "--upstream needs --activator-port")]
    [InlineData("- { name: admin, containerPort: 8022, protocol: TCP }", "", "differ from the ports it listens on")]
    [InlineData("- kubernetes\n", "- etcd\n", "--trust-bundles-from etcd")]
    public void The_checker_reports_a_broken_knative_manifest(string from, string to, string expected)
    {
        var text = File.ReadAllText(Path.Combine(Dir, "knative.yaml"));
        var replaced = text.Replace(from.TrimStart(), to.TrimStart(), StringComparison.Ordinal);
        Assert.NotEqual(text, replaced);

        var problems = ManifestChecker.Check("knative.yaml", replaced, Flags);

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Flags_read_from_the_parser_include_the_ones_the_manifests_rely_on()
    {
        Assert.Contains("--tls-secret", Flags.ValueFlags);
        Assert.Contains("--client-ca", Flags.ValueFlags);
        Assert.Contains("--grpc", Flags.Switches);
        Assert.Contains("direktiv", Flags.Modes);
        Assert.Contains("--trust-bundles-from", Flags.ValueFlags);
        Assert.Contains("--tls-secret-from", Flags.ValueFlags);
        Assert.Contains("--tls-secret-name", Flags.ValueFlags);
        Assert.Contains("upstream", Flags.Modes);
        Assert.DoesNotContain("--help", Flags.ValueFlags);
    }
}
