using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Conformance.Suites.Tests.Kubernetes;

/// <summary>
/// Structural checks on the manifests in fixtures/kubernetes/ (what the kubernetes target applies, and what works with
/// kubectl apply -n): only namespace-less Deployments, Services, ConfigMaps, ServiceAccounts, Roles and RoleBindings;
/// every container runs the locally loaded reference image with imagePullPolicy IfNotPresent or Never; every flag is one
/// the reference server has; every file a flag names lies in a mounted volume of the right kind (Secret keys tls.crt
/// and tls.key, a ConfigMap, or a memory folder an init container writes); listening ports, container ports,
/// readiness probes and Service target ports agree; no NodePorts (two runs may share a cluster); trust-bundle
/// ConfigMaps carry the label key and are mounted under --trust-bundles, or are read through the API
/// (--trust-bundles-from kubernetes) with a Role and RoleBinding that let the pod's service account list ConfigMaps
/// (unless --trust-bundles-namespace names other namespaces, where the kubernetes target grants that itself);
/// a TLS Secret read through the API (--tls-secret-from kubernetes) names it (--tls-secret-name) and has a Role and
/// RoleBinding that let the pod's service account get it (resourceNames, when a rule lists them, must include it);
/// the activator's upstream is loopback in the pod or the harness's Service conformance-upstream. Returns every
/// problem found, one line each.
/// </summary>
internal static class ManifestChecker
{
    public const string Image = "conformance/reference:dev";
    public const string TrustBundleLabel = "networking.knative.dev/trust-bundle";

    /// <summary>The two ways a pod names the harness's upstream Service: its environment variables, or its DNS name.</summary>
    public static readonly string[] HarnessUpstream = ["https://$(CONFORMANCE_UPSTREAM_SERVICE_HOST):$(CONFORMANCE_UPSTREAM_SERVICE_PORT_HTTPS)", "https://conformance-upstream:8443"];
    private static readonly string[] FileFlags = ["--cert", "--key", "--client-ca", "--tls-secret", "--sni-cert", "--sni-key", "--ca-cert", "--ca-key", "--activator-cert", "--activator-key"];

    public static IReadOnlyList<string> Check(string name, string text, ReferenceFlags flags)
    {
        var problems = new List<string>();
        IReadOnlyList<YamlMappingNode> docs;
        try
        {
            docs = Yaml.LoadDocuments(text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            return [$"{name}: not YAML: {e.Message}"];
        }

        if (docs.Count == 0)
        {
            return [$"{name}: no documents"];
        }

        var configMaps = docs.Where(d => d.Text("kind") == "ConfigMap").ToDictionary(d => d.Text("metadata", "name") ?? "?", d => d);
        var pods = new List<(string Deployment, IReadOnlyDictionary<string, string> Labels, YamlNode Spec)>();
        foreach (var doc in docs)
        {
            var kind = doc.Text("kind");
            var where = $"{name}: {kind} {doc.Text("metadata", "name")}";
            if (doc.Text("apiVersion") is null || kind is null || doc.Text("metadata", "name") is null)
            {
                problems.Add($"{where}: apiVersion, kind and metadata.name are required");
                continue;
            }

            if (doc.Text("metadata", "namespace") is not null)
            {
                problems.Add($"{where}: names a namespace; the kubernetes target applies manifests into the run's own namespace");
            }

            switch (kind)
            {
                case "Deployment":
                    CheckDeployment(where, doc, flags, configMaps, docs, problems);
                    pods.Add((doc.Text("metadata", "name")!, doc.Map("spec", "template", "metadata", "labels"), doc.Path("spec", "template", "spec")!));
                    break;
                case "Service":
                case "ConfigMap":
                case "ServiceAccount":
                case "Role":
                case "RoleBinding":
                    break;
                default:
                    problems.Add($"{where}: kind {kind} is not expected here (the target applies Deployment, Service, ConfigMap, ServiceAccount, Role and RoleBinding; Secrets come from the run's PKI, never from a file)");
                    break;
            }
        }

        foreach (var service in docs.Where(d => d.Text("kind") == "Service"))
        {
            CheckService($"{name}: Service {service.Text("metadata", "name")}", service, pods, problems);
        }

        return problems;
    }

    /// <summary>The flags of a container's args: flag → values (a switch maps to an empty value).</summary>
    public static ILookup<string, string> Args(YamlNode container) => Pairs(container.Strings("args"), null, null).ToLookup(p => p.Flag, p => p.Value);

    private static List<(string Flag, string Value)> Pairs(IReadOnlyList<string> args, ReferenceFlags? flags, List<string>? problems, string where = "")
    {
        var pairs = new List<(string, string)>();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            var isSwitch = ReferenceFlags.SwitchNames.Contains(flag);
            if (flags is not null && !flags.ValueFlags.Contains(flag) && !flags.Switches.Contains(flag))
            {
                problems!.Add($"{where}: '{flag}' is not a flag of the reference server (fixtures/ReferenceServer/Options/OptionsParser.cs)");
                continue;
            }

            if (isSwitch)
            {
                pairs.Add((flag, string.Empty));
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                pairs.Add((flag, args[++i]));
            }
            else
            {
                problems?.Add($"{where}: {flag} needs a value");
            }
        }

        return pairs;
    }

    private static void CheckDeployment(string where, YamlNode deployment, ReferenceFlags flags, Dictionary<string, YamlMappingNode> configMaps, IReadOnlyList<YamlMappingNode> docs, List<string> problems)
    {
        if (deployment.Text("apiVersion") != "apps/v1")
        {
            problems.Add($"{where}: apiVersion must be apps/v1");
        }

        var podLabels = deployment.Map("spec", "template", "metadata", "labels");
        var selector = deployment.Map("spec", "selector", "matchLabels");
        if (selector.Count == 0 || selector.Any(s => !podLabels.TryGetValue(s.Key, out var v) || v != s.Value))
        {
            problems.Add($"{where}: spec.selector.matchLabels must be non-empty and match the pod template's labels");
        }

        var spec = deployment.Path("spec", "template", "spec");
        var volumes = spec.Items("volumes").ToDictionary(v => v.Text("name") ?? "?", v => v);
        var inits = spec.Items("initContainers");
        var containers = spec.Items("containers");
        if (containers.Count == 0)
        {
            problems.Add($"{where}: no containers");
        }

        var httpsByContainer = containers.ToDictionary(c => c.Text("name") ?? "?", c => Args(c)["--https"].Select(p => Port(p.Split(':')[0])).ToHashSet());
        foreach (var container in inits.Concat(containers))
        {
            var at = $"{where}: container {container.Text("name")}";
            if (container.Text("image") != Image)
            {
                problems.Add($"{at}: image must be {Image} (loaded with kind load docker-image), not {container.Text("image")}");
            }

            if (container.Text("imagePullPolicy") is not ("IfNotPresent" or "Never"))
            {
                problems.Add($"{at}: imagePullPolicy must be IfNotPresent or Never (the image is loaded into the node, not pulled)");
            }

            var mounts = container.Items("volumeMounts").Select(m => (Path: m.Text("mountPath") ?? "?", Volume: m.Text("name") ?? "?")).ToList();
            foreach (var mount in mounts.Where(m => !volumes.ContainsKey(m.Volume)))
            {
                problems.Add($"{at}: mounts volume '{mount.Volume}' that the pod does not declare");
            }

            if (inits.Contains(container))
            {
                continue;
            }

            var pairs = Pairs(container.Strings("args"), flags, problems, at);
            foreach (var (flag, value) in pairs)
            {
                if (flag == "--mode" && !flags.Modes.Contains(value))
                {
                    problems.Add($"{at}: --mode {value} is not a mode of the reference server");
                }

                if (FileFlags.Contains(flag))
                {
                    CheckFile(at, flag, value, mounts, volumes, inits, problems);
                }

                if (flag == "--trust-bundles")
                {
                    CheckTrustBundles(at, value, mounts, volumes, configMaps, problems);
                }

                // With --trust-bundles-namespace the bundles live in other namespaces (claims.trustBundle.namespaces),
                // where the kubernetes target itself grants the run's service accounts read access: no Role to find here.
                if (flag == "--trust-bundles-from")
                {
                    var grantedByTarget = pairs.Any(p => p.Flag == "--trust-bundles-namespace");
                    CheckApiAccess(at, new ApiRead(flag, value, "configmaps", "list", null), spec.Text("serviceAccountName") ?? "default", spec.Text("automountServiceAccountToken"), docs, problems, grantedByTarget);
                }

                if (flag == "--tls-secret-from")
                {
                    var secret = pairs.Where(p => p.Flag == "--tls-secret-name").Select(p => p.Value).FirstOrDefault();
                    if (secret is null)
                    {
                        problems.Add($"{at}: --tls-secret-from needs --tls-secret-name (the Secret it reads)");
                    }

                    CheckApiAccess(at, new ApiRead(flag, value, "secrets", "get", secret), spec.Text("serviceAccountName") ?? "default", spec.Text("automountServiceAccountToken"), docs, problems);
                }

                if (flag == "--upstream" && !pairs.Any(p => p.Flag == "--activator-port"))
                {
                    problems.Add($"{at}: --upstream needs --activator-port (the proxy that calls it)");
                }

                if (flag == "--upstream" && !HarnessUpstream.Contains(value))
                {
                    var others = httpsByContainer.Where(h => h.Key != container.Text("name")).SelectMany(h => h.Value);
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var upstream) || !upstream.IsLoopback || upstream.Scheme != "https" || !others.Contains(upstream.Port))
                    {
                        problems.Add($"{at}: --upstream {value} must be the harness's upstream ({string.Join(" or ", HarnessUpstream)}) or https on loopback at an --https port of another container in the pod");
                    }
                }
            }

            // --admin (knative mode) is one more TLS listener; --activator-port listens on the pod's loopback, which a
            // port-forward reaches (it connects inside the pod's network namespace), so declaring it is right too.
            var listening = pairs.Where(p => p.Flag is "--https" or "--http" or "--admin" or "--activator-port").Select(p => Port(p.Value.Split(':')[0])).ToHashSet();
            var declared = container.Items("ports").Select(p => Port(p.Text("containerPort"))).ToHashSet();
            var bind = pairs.Where(p => p.Flag == "--bind").Select(p => p.Value).FirstOrDefault();
            if (bind is null or "127.0.0.1" or "::1")
            {
                if (declared.Count > 0)
                {
                    problems.Add($"{at}: declares container ports but listens on loopback only (no --bind): nothing outside the pod reaches them");
                }
            }
            else if (!declared.SetEquals(listening))
            {
                problems.Add($"{at}: container ports [{string.Join(',', declared.Order())}] differ from the ports it listens on [{string.Join(',', listening.Order())}]");
            }

            if (container.Text("readinessProbe", "tcpSocket", "port") is { } probe && !declared.Contains(Port(probe)))
            {
                problems.Add($"{at}: readinessProbe port {probe} is not one of its container ports");
            }
        }
    }

    private static void CheckFile(string at, string flag, string path, List<(string Path, string Volume)> mounts, Dictionary<string, YamlNode> volumes, IReadOnlyList<YamlNode> inits, List<string> problems)
    {
        var mount = mounts.FirstOrDefault(m => path.StartsWith(m.Path.TrimEnd('/') + "/", StringComparison.Ordinal));
        if (mount.Path is null || !volumes.TryGetValue(mount.Volume, out var volume))
        {
            problems.Add($"{at}: {flag} {path} is not inside any mounted volume");
            return;
        }

        var file = path[(mount.Path.TrimEnd('/').Length + 1)..];
        if (volume.Path("secret") is { } secret)
        {
            var expected = flag is "--key" or "--sni-key" or "--ca-key" or "--activator-key" ? "tls.key" : "tls.crt";
            if (string.IsNullOrEmpty(secret.Text("secretName")) || file != expected)
            {
                problems.Add($"{at}: {flag} {path} must be {expected} of a named kubernetes.io/tls Secret volume, not {file}");
            }
        }
        else if (volume.Path("configMap") is { } configMap)
        {
            if (string.IsNullOrEmpty(configMap.Text("name")) || flag != "--client-ca")
            {
                problems.Add($"{at}: {flag} {path}: only --client-ca may come from a ConfigMap (a CA bundle holds no key)");
            }
        }
        else if (volume.Path("emptyDir") is not null)
        {
            var writer = inits.FirstOrDefault(i => i.Items("volumeMounts").Any(m => m.Text("name") == mount.Volume)
                && string.Join('\n', i.Strings("command")).Contains(path, StringComparison.Ordinal));
            if (writer is null)
            {
                problems.Add($"{at}: {flag} {path} is in an emptyDir that no init container writes");
            }
            else if (volume.Text("emptyDir", "medium") != "Memory" && flag is "--tls-secret" or "--key")
            {
                problems.Add($"{at}: {flag} {path} holds a private key: its emptyDir must be medium Memory");
            }
        }
        else
        {
            problems.Add($"{at}: {flag} {path} is in volume '{mount.Volume}', which is neither a Secret, a ConfigMap nor an emptyDir");
        }
    }

    private static void CheckTrustBundles(string at, string dir, List<(string Path, string Volume)> mounts, Dictionary<string, YamlNode> volumes, Dictionary<string, YamlMappingNode> configMaps, List<string> problems)
    {
        var under = mounts.Where(m => m.Path.StartsWith(dir.TrimEnd('/') + "/", StringComparison.Ordinal)).ToList();
        if (under.Count == 0)
        {
            problems.Add($"{at}: --trust-bundles {dir} has no ConfigMap mounted under it");
        }

        foreach (var (path, volume) in under)
        {
            var configMap = volumes.GetValueOrDefault(volume).Text("configMap", "name");
            if (configMap is null || path != $"{dir.TrimEnd('/')}/{configMap}")
            {
                problems.Add($"{at}: {path} under --trust-bundles must be a ConfigMap volume mounted at {dir}/<its name>");
            }
            else if (configMaps.TryGetValue(configMap, out var map) && !map.Map("metadata", "labels").ContainsKey(TrustBundleLabel))
            {
                problems.Add($"{at}: ConfigMap {configMap} is mounted as a trust bundle but lacks the label key {TrustBundleLabel}");
            }
        }

        foreach (var labelled in configMaps.Where(c => c.Value.Map("metadata", "labels").ContainsKey(TrustBundleLabel)).Select(c => c.Key))
        {
            if (!under.Any(m => volumes.GetValueOrDefault(m.Volume).Text("configMap", "name") == labelled))
            {
                problems.Add($"{at}: trust-bundle ConfigMap {labelled} is not mounted under --trust-bundles {dir}");
            }
        }
    }

    private static void CheckApiAccess(string at, ApiRead read, string account, string? automount, IReadOnlyList<YamlMappingNode> docs, List<string> problems, bool grantedByTarget = false)
    {
        if (read.Source != "kubernetes")
        {
            problems.Add($"{at}: {read.Flag} {read.Source}: the reference reads from 'kubernetes' only");
            return;
        }

        if (automount == "false")
        {
            problems.Add($"{at}: {read.Flag} kubernetes needs the service-account token, but automountServiceAccountToken is false");
        }

        if (grantedByTarget)
        {
            return;
        }

        // What the API server will check: a RoleBinding naming the pod's service account, to a Role in this file whose
        // rules allow the verb on the resource in the core group (and, when the rule lists resourceNames, name the object).
        var roles = docs.Where(d => d.Text("kind") == "Role").ToDictionary(d => d.Text("metadata", "name") ?? "?", d => d);
        var granted = docs.Where(d => d.Text("kind") == "RoleBinding")
            .Where(b => b.Items("subjects").Any(s => s.Text("kind") == "ServiceAccount" && s.Text("name") == account))
            .Select(b => b.Text("roleRef", "kind") == "Role" && roles.TryGetValue(b.Text("roleRef", "name") ?? "?", out var role) ? role : null)
            .OfType<YamlMappingNode>()
            .Any(role => role.Items("rules").Any(r =>
                r.Strings("apiGroups").Any(g => g is "" or "*") && r.Strings("resources").Any(x => x == read.Resource || x == "*")
                && r.Strings("verbs").Any(v => v == read.Verb || v == "*")
                && (r.Strings("resourceNames").Count == 0 || (read.Name is not null && r.Strings("resourceNames").Contains(read.Name)))));
        if (!granted)
        {
            var what = read.Name is null ? read.Resource : $"{read.Resource} ({read.Name})";
            problems.Add($"{at}: {read.Flag} kubernetes reads {read.Resource} as service account '{account}', but no RoleBinding in this file grants it a Role that may {read.Verb} {what}");
        }
    }

    private static void CheckService(string where, YamlNode service, List<(string Deployment, IReadOnlyDictionary<string, string> Labels, YamlNode Spec)> pods, List<string> problems)
    {
        if (service.Text("spec", "type") is { } type && type != "ClusterIP")
        {
            problems.Add($"{where}: type {type}: the harness reaches pods through port-forwards, and fixed NodePorts stop two runs sharing a cluster");
        }

        var selector = service.Map("spec", "selector");
        var pod = pods.FirstOrDefault(p => selector.Count > 0 && selector.All(s => p.Labels.TryGetValue(s.Key, out var v) && v == s.Value));
        if (pod.Spec is null)
        {
            problems.Add($"{where}: its selector matches no Deployment's pods in this file");
            return;
        }

        var containerPorts = pod.Spec.Items("containers").SelectMany(c => c.Items("ports")).ToList();
        foreach (var port in service.Items("spec", "ports"))
        {
            var target = port.Text("targetPort") ?? port.Text("port");
            var match = containerPorts.FirstOrDefault(p => p.Text("name") == target || p.Text("containerPort") == target);
            if (match is null)
            {
                problems.Add($"{where}: port {port.Text("port")} targets '{target}', which no container of {pod.Deployment} declares");
            }

            if (port.Text("nodePort") is { } nodePort)
            {
                problems.Add($"{where}: nodePort {nodePort}: Services are ClusterIP here (port-forwards reach the pods)");
            }
        }
    }

    private static int Port(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : -1;
}
