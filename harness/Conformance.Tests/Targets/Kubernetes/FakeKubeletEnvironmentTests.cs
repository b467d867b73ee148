using System.Globalization;
using System.Net;
using Conformance.FakeKubernetes;
using Conformance.Pki;
using k8s.Models;

namespace Conformance.Tests.Targets.Kubernetes;

/// <summary>
/// What the fake's kubelet gives a pod's process, as kubelet would: the API server's service variables and the
/// service-account folder, the namespace's service links (loopback ports of the backing pod), and <c>$(VAR)</c>
/// expansion of env, command and args before the mount and port rewrites.
/// </summary>
public sealed class FakeKubeletEnvironmentTests : IAsyncLifetime
{
    private const string Ns = "env";
    private static readonly Dictionary<string, string> ServerLabels = new() { ["app"] = "server" };
    private readonly CertificateAuthority _ca = CertificateAuthority.CreateRoot("kubelet env test");
    private FakeKubernetesCluster _cluster = null!;
    private FakeApiClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _cluster = await FakeKubernetesCluster.StartAsync(TestContext.Current.CancellationToken);
        _client = FakeApiClient.Plain(_cluster.Api);
        await _client.CreateNamespaceAsync(Ns);
        await _client.CreateTlsSecretAsync(Ns, _ca);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _cluster.DisposeAsync();
        _ca.Dispose();
    }

    private static string Local(FakePod pod, int containerPort) => pod.Ports[containerPort].ToString(CultureInfo.InvariantCulture);

    /// <summary>The server: TLS on 8443 (named https) and a second declared port 9443 (named alt).</summary>
    private Task<FakePod> RunServerAsync() => FakePods.RunAsync(_cluster, _client, Ns, FakePods.Deployment("server", ServerLabels, FakePods.ServerArgs(), configure: spec => spec.Containers[0].Ports.Add(new V1ContainerPort { Name = "alt", ContainerPort = 9443 })));

    private Task CreateServiceAsync(string name, IDictionary<string, string> selector) => _client.CreateAsync($"/api/v1/namespaces/{Ns}/services", new V1Service
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Selector = selector,
            Ports =
            [
                new V1ServicePort { Name = "tls", Port = 443, TargetPort = "https" },
                new V1ServicePort { Name = "alt-port", Port = 9443 },
                new V1ServicePort { Name = "metrics", Port = 9090, TargetPort = 9090 },
            ],
        },
    });

    [Fact]
    public async Task A_pod_gets_the_api_servers_variables_and_its_service_account_folder_which_also_stands_in_for_the_mount()
    {
        var pod = await FakePods.RunAsync(_cluster, _client, Ns, FakePods.Deployment("client", ServerLabels, FakePods.ServerArgs("--content-marker", FakePod.ServiceAccountMountPath + "/token")));
        var api = _cluster.Api;
        var port = api.HttpsAddress.Port.ToString(CultureInfo.InvariantCulture);

        Assert.Equal("127.0.0.1", pod.Environment["KUBERNETES_SERVICE_HOST"]);
        Assert.Equal(port, pod.Environment["KUBERNETES_SERVICE_PORT"]);
        Assert.Equal(port, pod.Environment["KUBERNETES_SERVICE_PORT_HTTPS"]);
        Assert.Equal(api.ServiceAccountFolder(Ns), pod.Environment[FakePod.ServiceAccountDirVariable]);
        Assert.Equal(Path.Combine(api.ServiceAccountFolder(Ns), "token"), pod.Arguments[^1]);
        Assert.Equal(api.ServiceAccountToken(Ns), await File.ReadAllTextAsync(pod.Arguments[^1], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_pod_runs_as_its_service_account_and_without_a_token_when_automount_is_off()
    {
        var api = _cluster.Api;
        var reader = await FakePods.RunAsync(_cluster, _client, Ns, FakePods.Deployment("reader", new Dictionary<string, string> { ["app"] = "reader" }, FakePods.ServerArgs(), configure: spec => spec.ServiceAccountName = "reader"));
        var folder = reader.Environment[FakePod.ServiceAccountDirVariable];
        Assert.Equal(("reader", api.ServiceAccountFolder(Ns, "reader")), (reader.ServiceAccount, folder));
        var token = await File.ReadAllTextAsync(Path.Combine(folder, "token"), TestContext.Current.CancellationToken);
        Assert.NotEqual(api.ServiceAccountToken(Ns), token);

        // Its token is the user system:serviceaccount:env:reader.
        var (status, body) = await _client.GetAsync($"/api/v1/namespaces/{Ns}/configmaps", token);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("User \"system:serviceaccount:env:reader\"", FakeApiClient.StatusOf(body).Message, StringComparison.Ordinal);

        var off = await FakePods.RunAsync(_cluster, _client, Ns, FakePods.Deployment("off", new Dictionary<string, string> { ["app"] = "off" }, FakePods.ServerArgs("--content-marker", FakePod.ServiceAccountMountPath + "/token"), configure: spec => spec.AutomountServiceAccountToken = false));
        Assert.False(off.Environment.ContainsKey(FakePod.ServiceAccountDirVariable));
        Assert.Equal(FakePod.ServiceAccountMountPath + "/token", off.Arguments[^1]);
        Assert.True(off.Environment.ContainsKey("KUBERNETES_SERVICE_HOST"), "the API server's variables do not depend on the token");
    }

    [Fact]
    public async Task Service_variables_name_the_backing_pods_loopback_ports_by_named_and_numeric_target_port_and_expand_in_env_and_args()
    {
        var server = await RunServerAsync();
        await CreateServiceAsync("my-server", ServerLabels);
        await CreateServiceAsync("orphan", new Dictionary<string, string> { ["app"] = "nobody" });
        await _client.CreateAsync($"/api/v1/namespaces/{Ns}/services", new V1Service { Metadata = new V1ObjectMeta { Name = "headless" }, Spec = new V1ServiceSpec { ClusterIP = "None", Selector = ServerLabels, Ports = [new V1ServicePort { Port = 8443 }] } });

        var env = new List<V1EnvVar>
        {
            new() { Name = "UPSTREAM", Value = "https://$(MY_SERVER_SERVICE_HOST):$(MY_SERVER_SERVICE_PORT_TLS)" },
            new() { Name = "CHAINED", Value = "$(UPSTREAM)/path" },
            new() { Name = "LATER_REFERENCE", Value = "$(DEFINED_BELOW)" },
            new() { Name = "DEFINED_BELOW", Value = "x" },
            new() { Name = "ESCAPED", Value = "$$(MY_SERVER_SERVICE_PORT)" },
            new() { Name = "UNKNOWN", Value = "$(NO_SUCH_VARIABLE) $(unclosed" },
            new() { Name = "TLS_PORT", Value = "8443" },
            new() { Name = "TLS_DIR", Value = "/etc/tls" },
            new() { Name = "API", Value = "$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)" },
        };
        var args = new List<string> { "--https", "$(TLS_PORT)", "--cert", "$(TLS_DIR)/tls.crt", "--key", "/etc/tls/tls.key", "--content-marker", "$(CHAINED)|$$(UPSTREAM)|$(MY_SERVER_SERVICE_PORT_ALT_PORT)|$(NOPE)" };
        var client = await FakePods.RunAsync(_cluster, _client, Ns, FakePods.Deployment("client", new Dictionary<string, string> { ["app"] = "client" }, args, env));
        var e = client.Environment;
        var tls = Local(server, 8443);
        var alt = Local(server, 9443);

        // Service links: host, first port, one per named port; the port with no declared target is left out.
        Assert.Equal("127.0.0.1", e["MY_SERVER_SERVICE_HOST"]);
        Assert.Equal(tls, e["MY_SERVER_SERVICE_PORT"]);
        Assert.Equal(tls, e["MY_SERVER_SERVICE_PORT_TLS"]);
        Assert.Equal(alt, e["MY_SERVER_SERVICE_PORT_ALT_PORT"]);
        Assert.False(e.ContainsKey("MY_SERVER_SERVICE_PORT_METRICS"));
        Assert.DoesNotContain(e.Keys, k => k.StartsWith("ORPHAN_", StringComparison.Ordinal) || k.StartsWith("HEADLESS_", StringComparison.Ordinal));
        Assert.Contains(_cluster.Api.Events, n => n.Contains("service orphan has no pod matching its selector", StringComparison.Ordinal));
        Assert.Contains(_cluster.Api.Events, n => n.Contains("service my-server port metrics targets 9090", StringComparison.Ordinal));

        // Expansion, kubelet's rules: from earlier variables and service links; later ones and unknown ones stay; $$ escapes.
        Assert.Equal($"https://127.0.0.1:{tls}", e["UPSTREAM"]);
        Assert.Equal($"https://127.0.0.1:{tls}/path", e["CHAINED"]);
        Assert.Equal("$(DEFINED_BELOW)", e["LATER_REFERENCE"]);
        Assert.Equal("$(MY_SERVER_SERVICE_PORT)", e["ESCAPED"]);
        Assert.Equal("$(NO_SUCH_VARIABLE) $(unclosed", e["UNKNOWN"]);
        Assert.Equal($"127.0.0.1:{_cluster.Api.HttpsAddress.Port}", e["API"]);

        // Args expand from the whole environment, then the port and mount rewrites apply to the result.
        Assert.Equal(Local(client, 8443), client.Arguments[2]);
        Assert.Equal(Path.Combine(_cluster.Api.FolderOf(Ns), "secrets", "tls", "tls.crt"), client.Arguments[4]);
        Assert.Equal($"https://127.0.0.1:{tls}/path|$(UPSTREAM)|{alt}|$(NOPE)", client.Arguments[^1]);

        // The container's own values get the rewrites too (after expansion); service links are left as they are.
        Assert.Equal(Local(client, 8443), e["TLS_PORT"]);
        Assert.Equal(Path.Combine(_cluster.Api.FolderOf(Ns), "secrets", "tls"), e["TLS_DIR"]);
    }

    [Fact]
    public async Task A_service_created_after_the_pod_started_gives_it_nothing_until_a_rollout_restart()
    {
        var server = await RunServerAsync();
        var client = await FakePods.RunAsync(_cluster, _client, Ns, FakePods.Deployment("client", new Dictionary<string, string> { ["app"] = "client" }, FakePods.ServerArgs()));
        await CreateServiceAsync("my-server", ServerLabels);
        Assert.False(client.Environment.ContainsKey("MY_SERVER_SERVICE_HOST"));

        var (status, body) = await _client.SendAsync(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{Ns}/deployments/client", FakeKubernetesApi.Token, new V1Deployment { Spec = new V1DeploymentSpec { Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["kubectl.kubernetes.io/restartedAt"] = "now" } } } } });
        Assert.True(status == HttpStatusCode.UnsupportedMediaType, body);
        using (var request = new HttpRequestMessage(HttpMethod.Patch, $"{_cluster.Api.BaseAddress}apis/apps/v1/namespaces/{Ns}/deployments/client"))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FakeKubernetesApi.Token);
            request.Content = new StringContent("""{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"now"}}}}}""", System.Text.Encoding.UTF8, "application/strategic-merge-patch+json");
            using var http = new HttpClient();
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.TrueAsync(() => _cluster.Api.PodOf(Ns, "client") is { Running: true } p && p != client, FakePods.Within, "the restarted client pod runs");
        var restarted = _cluster.Api.PodOf(Ns, "client")!;
        Assert.Equal(Local(server, 8443), restarted.Environment["MY_SERVER_SERVICE_PORT_TLS"]);
    }

    [Fact]
    public async Task Value_from_and_env_from_are_left_out_with_an_event_naming_each_and_literal_values_still_expand()
    {
        var env = new List<V1EnvVar>
        {
            new() { Name = "SYSTEM_NAMESPACE", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } } },
            new() { Name = "MODE", Value = "strict" },
            new() { Name = "USES", Value = "$(MODE)/$(SYSTEM_NAMESPACE)" },
        };
        var pod = await FakePods.RunAsync(_cluster, _client, Ns, FakePods.Deployment("client", new Dictionary<string, string> { ["app"] = "client" }, FakePods.ServerArgs(), env, spec => spec.Containers[0].EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "settings" } }]));
        var e = pod.Environment;

        Assert.False(e.ContainsKey("SYSTEM_NAMESPACE"));
        Assert.Equal(("strict", "strict/$(SYSTEM_NAMESPACE)"), (e["MODE"], e["USES"]));
        Assert.Single(_cluster.Api.Events, n => n.Contains("env SYSTEM_NAMESPACE valueFrom is not modelled", StringComparison.Ordinal));
        Assert.Single(_cluster.Api.Events, n => n.Contains("envFrom settings is not modelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_links_are_off_with_enable_service_links_false()
    {
        await RunServerAsync();
        await CreateServiceAsync("my-server", ServerLabels);
        var client = await FakePods.RunAsync(_cluster, _client, Ns, FakePods.Deployment("client", new Dictionary<string, string> { ["app"] = "client" }, FakePods.ServerArgs(), configure: spec => spec.EnableServiceLinks = false));

        Assert.DoesNotContain(client.Environment.Keys, k => k.StartsWith("MY_SERVER_", StringComparison.Ordinal));
        Assert.True(client.Environment.ContainsKey("KUBERNETES_SERVICE_PORT"));
    }
}
