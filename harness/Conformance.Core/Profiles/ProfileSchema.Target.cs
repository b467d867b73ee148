using Conformance.Schema;

namespace Conformance.Profiles;

/// <summary>The <c>target</c> section: how the harness runs or reaches the implementation.</summary>
public static partial class ProfileSchema
{
    private static ObjectSchema Target(IReadOnlyList<string> kinds) => new(
    [
        new("kind", new EnumSchema([.. kinds.Select(k => new EnumValue(k, KindDescription(k)))]), "the target driver: what the harness starts, reaches or deploys", Required: true),
        new("command", new StringSchema(), "process: the program ({reference} is the embedded reference implementation); refused on endpoint"),
        new("args", Texts, "process, container: arguments; placeholders resolved", "[]"),
        new("env", new MapSchema(new StringSchema(), EnvNamePattern, "an environment variable name"), "process, container: environment variables (NAME: value, placeholders resolved)", "{}"),
        new("files", new MapSchema(new StringSchema(), PlainNamePattern, "a file name (letters, digits, '.', '_', '-')"), "process, container: NAME: TEMPLATE, rendered with the placeholders into the run folder; {file:NAME} is its path", "{}"),
        new("host", new StringSchema(), "process, endpoint: the address the harness connects to for every endpoint", "127.0.0.1"),
        new("image", new StringSchema(), "container: the image to run (docs/container-target.md)"),
        new("container", Container(), "container: ports, paths inside the container, entrypoint (docs/container-target.md)"),
        new("ready", new ObjectSchema(
        [
            new("tcp", Port, "ready when this port accepts TCP", Required: true, Example: "tcp: \"{port:https}\""),
            new("within", new DurationSchema(), "how long to wait before giving up (exit 3)", "15s"),
        ]), "all but kubernetes: when the implementation is ready", "none"),
        new("reload", new ObjectSchema(
        [
            new("signal", new EnumSchema([.. ReloadSpec.Signals.Keys.SelectMany(s => new[] { new EnumValue(s, $"send SIG{s}"), new EnumValue($"SIG{s}", $"same as {s}") })]), "the signal that announces a certificate change (give signal or command)"),
            new("command", new ListSchema(new StringSchema(), MinItems: 1), "the command and its arguments that announce a certificate change (give signal or command)"),
            new("within", new DurationSchema(), "how long the announcement may take", "30s"),
        ], ExactlyOne: ["signal", "command"]), "process, container: how a certificate change is announced; refused on endpoint and kubernetes", "none"),
        new("stopTimeout", new DurationSchema(), "process, container: SIGTERM, then this long, then SIGKILL", "5s"),
        new("kubernetes", Kubernetes(), "kubernetes: the cluster, manifests and objects (docs/kubernetes-target.md)"),
    ]);

    private static string KindDescription(string kind) => kind switch
    {
        "process" => "the harness starts a command",
        "endpoint" => "already running; the harness starts and changes nothing",
        "container" => "the harness runs an image",
        "kubernetes" => "the harness deploys manifests into a namespace",
        _ => $"the {kind} target driver",
    };

    private static ObjectSchema Container() => new(
    [
        new("ports", new OneOfSchema(
        [
            new ListSchema(new StringSchema(PlainNamePattern, "port name")),
            new MapSchema(new IntegerSchema(1, 65535), PlainNamePattern, "a port name"),
        ]), "[https, http] publishes {port:NAME} at the same number inside; { https: 8443 } maps {port:https} to 8443 inside", Required: true, Example: "ports: [https, http]  (or { https: 8443 } when the image listens on a fixed port)"),
        new("entrypoint", new ListSchema(new StringSchema(), AllowScalar: true), "replaces the image's entrypoint"),
        new("paths", new ObjectSchema(
        [
            new("run", new StringSchema("^/.", "absolute folder"), "the run folder inside the container", ContainerSpec.DefaultRunDirectory),
            new("tls", new StringSchema("^/.", "absolute folder"), "where the certificate and key are mounted"),
            new("bundle", new StringSchema("^/.", "absolute folder"), "where the CA bundle is mounted"),
            new("trustBundles", new StringSchema("^/.", "absolute folder"), "where trust bundles are written"),
        ]), "folders inside the container"),
        new("upstreamImage", new StringSchema(), "the image of the upstream the trust-bundle scenarios start beside the container"),
    ]);

    private static ObjectSchema Kubernetes() => new(
    [
        new("kubeconfig", new StringSchema(), "the kubeconfig file, relative to the profile", "the usual kubeconfig"),
        new("context", new StringSchema(), "the kubeconfig context", "the current context"),
        new("namespacePrefix", new StringSchema(DnsLabelPattern, "namespace prefix"), "the run's namespace is this prefix plus a suffix (at most 50 characters)", "conformance"),
        new("manifests", new ListSchema(new StringSchema(), AllowScalar: true, MinItems: 1), "manifest files applied into the run's namespace, relative to the profile", Required: true, Example: "manifests: [../kubernetes/reference.yaml]"),
        new("deployment", new StringSchema(DnsLabelPattern, "Kubernetes name"), "the Deployment that serves", Required: true, Example: "deployment: reference"),
        new("container", new StringSchema(DnsLabelPattern, "Kubernetes name"), "the container in the Deployment's pod", "the first"),
        new("secret", new StringSchema(DnsLabelPattern, "Kubernetes name"), "the TLS Secret the harness writes (the default leaf; each SNI group and each pki.certificates entry NAME gets one more, named <secret>-NAME)", "conformance-tls"),
        new("bundleConfigMap", new StringSchema(DnsLabelPattern, "Kubernetes name"), "the ConfigMap holding the CA bundle", "conformance-bundle"),
        new("ports", new MapSchema(new IntegerSchema(1, 65535), PlainNamePattern, "a port name as in {port:NAME}"), "container port per {port:NAME}", Required: true, Example: "ports: { https: 8443 }"),
        new("serverName", new StringSchema(), "the server name clients use"),
        new("readyWithin", new DurationSchema(), "how long the Deployment may take to become ready", "2m"),
        new("upstreamImage", new StringSchema(), "the image of the trust-bundle upstream pod", KubernetesSpec.DefaultUpstreamImage),
    ]);
}
