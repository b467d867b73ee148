using System.Globalization;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Kubernetes;

/// <summary>
/// The manifests in fixtures/kubernetes/ and kind-config/default.yaml, parsed with YamlDotNet: structure (see
/// <see cref="ManifestChecker"/>) and each seed profile's shape. They deploy only in the kind workflow; here they are read.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "fixtures", "kubernetes");

    private static readonly ReferenceFlags Flags = ReferenceFlags.Load(Path.Combine(RepoPaths.Root, "fixtures", "ReferenceServer", "Options", "OptionsParser.cs"));

    private static IReadOnlyList<string> Files => [.. Directory.GetFiles(Dir, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Manifests() => [.. Files];

    private static IReadOnlySet<int> KindNodePorts()
    {
        var config = Yaml.LoadDocuments(File.ReadAllText(Path.Combine(RepoPaths.Root, "kind-config", "default.yaml"))).Single();
        return config.Items("nodes").SelectMany(n => n.Items("extraPortMappings"))
            .Select(m => int.Parse(m.Text("containerPort")!, CultureInfo.InvariantCulture)).ToHashSet();
    }

    private static List<YamlDotNet.RepresentationModel.YamlMappingNode> Load(string file) =>
        [.. Yaml.LoadDocuments(File.ReadAllText(Path.Combine(Dir, file)))];

    private static YamlDotNet.RepresentationModel.YamlNode Container(string file, string name) =>
        Load(file).Where(d => d.Text("kind") == "Deployment")
            .SelectMany(d => d.Items("spec", "template", "spec", "containers"))
            .Single(c => c.Text("name") == name);

    private static YamlDotNet.RepresentationModel.YamlNode Service(string file) => Load(file).Single(d => d.Text("kind") == "Service");

    private static (int Port, string Target, int NodePort) ServicePort(string file, string name)
    {
        var port = Service(file).Items("spec", "ports").Single(p => p.Text("name") == name);
        return (int.Parse(port.Text("port")!, CultureInfo.InvariantCulture), port.Text("targetPort")!, int.Parse(port.Text("nodePort")!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_seed_profile_has_a_manifest()
    {
        Assert.Equal(["direktiv.yaml", "feldera.yaml", "flux.yaml", "knative.yaml"], Files);
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Manifest_passes_the_structure_checks(string file)
    {
        var problems = ManifestChecker.Check(file, File.ReadAllText(Path.Combine(Dir, file)), Flags, KindNodePorts());

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Contains(Load(file), d => d.Text("kind") == "Deployment");
        Assert.Contains(Load(file), d => d.Text("kind") == "Service");
    }

    [Fact]
    public void Kind_config_is_one_node_whose_loopback_port_mappings_are_the_manifests_node_ports()
    {
        var config = Yaml.LoadDocuments(File.ReadAllText(Path.Combine(RepoPaths.Root, "kind-config", "default.yaml"))).Single();
        Assert.Equal("Cluster", config.Text("kind"));
        Assert.Equal("kind.x-k8s.io/v1alpha4", config.Text("apiVersion"));
        var node = Assert.Single(config.Items("nodes"));
        Assert.Equal("control-plane", node.Text("role"));
        Assert.All(node.Items("extraPortMappings"), m =>
        {
            Assert.Equal("127.0.0.1", m.Text("listenAddress"));
            Assert.Equal(m.Text("containerPort"), m.Text("hostPort"));
            Assert.InRange(int.Parse(m.Text("containerPort")!, CultureInfo.InvariantCulture), 30000, 32767);
        });

        var used = Files.SelectMany(Load).Where(d => d.Text("kind") == "Service")
            .SelectMany(s => s.Items("spec", "ports")).Select(p => int.Parse(p.Text("nodePort")!, CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Equal(KindNodePorts().Order(), used.Order());
    }

    [Fact]
    public void Feldera_one_secret_and_https_only_on_8080()
    {
        var api = Container("feldera.yaml", "api-server");
        var args = ManifestChecker.Args(api);

        Assert.Equal(["feldera"], args["--mode"]);
        Assert.Equal(["8080"], args["--https"]);
        Assert.Empty(args["--http"]);
        var secrets = Load("feldera.yaml").Single(d => d.Text("kind") == "Deployment").Items("spec", "template", "spec", "volumes").Where(v => v.Path("secret") is not null).ToList();
        Assert.Equal("feldera-tls", Assert.Single(secrets).Text("secret", "secretName"));
        Assert.Equal((8080, "https", 30080), ServicePort("feldera.yaml", "https"));
        Assert.Single(Service("feldera.yaml").Items("spec", "ports"));
    }

    [Fact]
    public void Flux_secret_flag_301_port_and_443_to_9443()
    {
        var manager = Container("flux.yaml", "manager");
        var args = ManifestChecker.Args(manager);

        Assert.Equal(["flux"], args["--mode"]);
        Assert.Equal(["/etc/flux/tls-secret/secret.yaml"], args["--tls-secret"]);
        Assert.Empty(args["--cert"]);
        Assert.Equal(["9443"], args["--https"]);
        Assert.Equal(["9080"], args["--http"]);
        Assert.Equal(["1.3"], args["--tls-min"]);
        Assert.Equal((443, "https", 30443), ServicePort("flux.yaml", "https"));
        Assert.Equal((80, "http", 30480), ServicePort("flux.yaml", "http"));

        // Behind 443 the redirect must name no port: the Location a client sees is the declared external URL.
        var redirect = new Uri(Assert.Single(args["--redirect-base"]));
        Assert.True(redirect.IsDefaultPort && redirect.Scheme == "https", redirect.ToString());
        Assert.DoesNotContain(":", redirect.Authority, StringComparison.Ordinal);

        // The init container renders the manifest from the mounted kubernetes.io/tls Secret, typed as Flux requires.
        var init = Load("flux.yaml").Single(d => d.Text("kind") == "Deployment").Items("spec", "template", "spec", "initContainers").Single();
        var script = string.Join('\n', init.Strings("command"));
        Assert.Contains("type: kubernetes.io/tls", script, StringComparison.Ordinal);
        Assert.Contains("/etc/flux/tls/$key", script, StringComparison.Ordinal);
        Assert.Contains(init.Items("volumeMounts"), m => m.Text("mountPath") == "/etc/flux/tls");
    }

    [Fact]
    public void Direktiv_mtls_grpc_ports_6666_5555_7777()
    {
        var flow = Container("direktiv.yaml", "flow");
        var args = ManifestChecker.Args(flow);

        Assert.Equal(["direktiv"], args["--mode"]);
        Assert.Equal(["6666:required", "5555:required", "7777:none"], args["--https"]);
        Assert.Equal(["/etc/direktiv/client-ca/ca.crt"], args["--client-ca"]);
        Assert.Contains(string.Empty, args["--grpc"]);
        foreach (var (name, port, node) in new[] { ("flow", 6666, 30666), ("functions", 5555, 30555), ("pods", 7777, 30777) })
        {
            Assert.Equal((port, name, node), ServicePort("direktiv.yaml", name));
        }

        Assert.All(Service("direktiv.yaml").Items("spec", "ports"), p => Assert.Equal("grpc", p.Text("appProtocol")));
    }

    [Fact]
    public void Knative_queue_proxy_sidecar_on_8112_with_its_cert_secret_and_labelled_trust_bundles()
    {
        var deployment = Load("knative.yaml").Single(d => d.Text("kind") == "Deployment");
        Assert.Equal(["queue-proxy", "activator"], deployment.Items("spec", "template", "spec", "containers").Select(c => c.Text("name")));
        var queue = Container("knative.yaml", "queue-proxy");
        var args = ManifestChecker.Args(queue);

        Assert.Equal(["knative"], args["--mode"]);
        Assert.Equal(["8112"], args["--https"]);
        Assert.Equal(["/var/lib/knative/certs/tls.crt"], args["--cert"]);
        Assert.Equal(["/var/lib/knative/certs/tls.key"], args["--key"]);
        Assert.Equal(["1.3"], args["--tls-min"]);
        Assert.Equal(["8022"], args["--admin"]);
        Assert.Equal((443, "https", 30112), ServicePort("knative.yaml", "https"));
        var certs = deployment.Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == "knative-certs");
        Assert.Equal("knative-serving-certs", certs.Text("secret", "secretName"));

        var bundles = Load("knative.yaml").Where(d => d.Text("kind") == "ConfigMap").ToList();
        Assert.Equal(2, bundles.Count);
        Assert.All(bundles, b => Assert.True(b.Map("metadata", "labels").ContainsKey(ManifestChecker.TrustBundleLabel)));

        // Any value of the label key selects: the two bundles use different ones.
        Assert.Equal(2, bundles.Select(b => b.Map("metadata", "labels")[ManifestChecker.TrustBundleLabel]).Distinct().Count());
        var activator = Container("knative.yaml", "activator");
        var proxy = ManifestChecker.Args(activator);
        Assert.Equal(["https://127.0.0.1:8112"], proxy["--upstream"]);
        Assert.Single(proxy["--activator-port"]);
        var dir = Assert.Single(proxy["--trust-bundles"]);
        Assert.All(bundles, b => Assert.Contains(activator.Items("volumeMounts"), m => m.Text("mountPath") == $"{dir}/{b.Text("metadata", "name")}"));
        Assert.All(
            deployment.Items("spec", "template", "spec", "volumes").Where(v => v.Path("configMap") is not null),
            v => Assert.Equal("true", v.Text("configMap", "optional")));
    }

    [Theory]
    [InlineData("imagePullPolicy: Never", "imagePullPolicy: IfNotPresent", "imagePullPolicy must be Never")]
    [InlineData("image: conformance/reference:dev", "image: ghcr.io/example/reference:latest", "image must be conformance/reference:dev")]
    [InlineData("- /etc/feldera/tls/tls.crt", "- /etc/feldera/certs/tls.crt", "--cert /etc/feldera/certs/tls.crt is not inside any mounted volume")]
    [InlineData("- /etc/feldera/tls/tls.key", "- /etc/feldera/tls/private.key", "must be tls.key of a named kubernetes.io/tls Secret volume")]
    [InlineData("- --tls-min", "- --tls-minimum", "'--tls-minimum' is not a flag of the reference server")]
    [InlineData("- feldera\n", "- enterprise\n", "--mode enterprise is not a mode of the reference server")]
    [InlineData("containerPort: 8080", "containerPort: 8443", "differ from the ports it listens on")]
    [InlineData("nodePort: 30080", "nodePort: 30999", "nodePort 30999 has no extraPortMappings entry")]
    [InlineData("targetPort: https", "targetPort: http", "targets 'http', which no container")]
    [InlineData("  labels: { app.kubernetes.io/name: feldera-api-server, app.kubernetes.io/part-of: conformance }\nspec:\n  replicas", "  namespace: feldera\n  labels: { app.kubernetes.io/name: feldera-api-server }\nspec:\n  replicas", "names a namespace")]
    public void The_checker_reports_a_broken_manifest(string from, string to, string expected)
    {
        var text = File.ReadAllText(Path.Combine(Dir, "feldera.yaml"));
        Assert.Contains(from, text, StringComparison.Ordinal);

        var problems = ManifestChecker.Check("feldera.yaml", text.Replace(from, to, StringComparison.Ordinal), Flags, KindNodePorts());

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("      labels: { networking.knative.dev/trust-bundle: \"ingress\", app.kubernetes.io/part-of: conformance }", "  labels: { app.kubernetes.io/part-of: conformance }", "lacks the label key networking.knative.dev/trust-bundle")]
    [InlineData("mountPath: /knative-custom-certs/knative-ingress-trust-bundle", "mountPath: /knative-custom-certs/ingress", "must be a ConfigMap volume mounted at /knative-custom-certs/<its name>")]
    [InlineData("- https://127.0.0.1:8112", "- https://127.0.0.1:9999", "--upstream https://127.0.0.1:9999 must be https on loopback")]
    [InlineData("- --activator-port\n            - \"8013\"\n            ", "", "--upstream needs --activator-port")]
    [InlineData("- { name: admin, containerPort: 8022, protocol: TCP }", "", "differ from the ports it listens on")]
    public void The_checker_reports_a_broken_knative_manifest(string from, string to, string expected)
    {
        var text = File.ReadAllText(Path.Combine(Dir, "knative.yaml"));
        var replaced = text.Replace(from.TrimStart(), to.TrimStart(), StringComparison.Ordinal);
        Assert.NotEqual(text, replaced);

        var problems = ManifestChecker.Check("knative.yaml", replaced, Flags, KindNodePorts());

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Flags_read_from_the_parser_include_the_ones_the_manifests_rely_on()
    {
        Assert.Contains("--tls-secret", Flags.ValueFlags);
        Assert.Contains("--client-ca", Flags.ValueFlags);
        Assert.Contains("--grpc", Flags.Switches);
        Assert.Contains("direktiv", Flags.Modes);
        Assert.DoesNotContain("--help", Flags.ValueFlags);
    }
}
