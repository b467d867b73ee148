using Conformance.FakeKubernetes;
using Conformance.Pki;
using Conformance.Platform;
using Conformance.Probes;
using Conformance.Tests.Support;
using Conformance.TrustBundles;
using k8s.Models;

namespace Conformance.Tests.Reference;

/// <summary>
/// The reference's <c>--trust-bundles-from kubernetes</c> end to end: a real reference process whose in-cluster
/// environment (KUBERNETES_SERVICE_HOST/PORT, a service-account folder with token, ca.crt, namespace) points at the fake
/// API server (<see cref="FakeInCluster"/>), which lists the labelled ConfigMaps from its store under the RBAC a Role
/// grants; the activator proxy in front of the harness's TLS 1.3 upstream.
/// </summary>
public sealed class KubernetesTrustBundleTests(ReferencePki pki)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    // What the kubernetes target grants the run's service accounts in each trust-bundle namespace (KubernetesBundleNamespaces).
    private static readonly V1PolicyRule BundleReader = new() { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["get", "list", "watch"] };

    private static string ListPath => FakeInCluster.PathOf("configmaps");

    [Fact]
    public async Task Lists_with_the_label_selector_and_bearer_token_and_a_bundle_appearing_or_disappearing_applies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await Rig.StartAsync(pki, apiIssuedByServiceAccountCa: true, ct);
        using var a = CertificateAuthority.CreateRoot("K8s Bundle CA A");
        using var leafA = Leaf(a);

        await Poll.UntilAsync(() => rig.Cluster.Requests.Count > 0, Budget, "a list request", ct);
        var first = rig.Cluster.Requests[0];
        Assert.Equal(ListPath, first.Path);
        Assert.Equal("?labelSelector=networking.knative.dev%2Ftrust-bundle", first.Query);
        Assert.Equal($"Bearer {rig.Cluster.Token}", first.Authorization);

        // No bundle: refused by the proxy after the upstream presented its certificate.
        Assert.Equal(UpstreamOutcome.Refused, (await rig.Client.CallAsync(leafA, "a", ct)).Outcome);

        // A bundle appears in the list: trusted by a later connection.
        await rig.Cluster.CreateAsync("configmaps", Bundle("ca-bundle", Pem(a)));
        var appeared = await Poll.UntilAsync(async () => (await rig.Client.CallAsync(leafA, "a", ct)).Outcome == UpstreamOutcome.Trusted, Budget, "CA A trusted", ct);
        Assert.Contains(Lines(rig.Server.Stdout), l => l.Contains("\"Trust bundles loaded\"", StringComparison.Ordinal) && l.Contains("\"configmaps\":[\"ca-bundle\"]", StringComparison.Ordinal));

        // The token is read again on every poll (kubelet rotates it).
        var rotated = rig.Cluster.Api.RotateServiceAccountToken(FakeInCluster.Namespace);
        await Poll.UntilAsync(() => rig.Cluster.Requests[^1].Authorization == $"Bearer {rotated}", Budget, "the rotated token sent", ct);

        // Gone from the list: removed, the next connection is refused again.
        await rig.Cluster.DeleteAsync("configmaps", "ca-bundle");
        var disappeared = await Poll.UntilAsync(async () => (await rig.Client.CallAsync(leafA, "a", ct)).Outcome == UpstreamOutcome.Refused, Budget, "CA A refused", ct);
        Assert.DoesNotContain(Lines(rig.Server.Stdout), l => l.Contains("\"ERROR\"", StringComparison.Ordinal));
        TestContext.Current.TestOutputHelper?.WriteLine($"appeared after {appeared.TotalMilliseconds:0} ms, disappeared after {disappeared.TotalMilliseconds:0} ms, {rig.Cluster.Requests.Count} list requests");
    }

    [Fact]
    public async Task A_failing_list_logs_one_line_per_distinct_error_keeps_the_last_set_and_logs_the_recovery()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await Rig.StartAsync(pki, apiIssuedByServiceAccountCa: true, ct);
        using var a = CertificateAuthority.CreateRoot("K8s Bundle CA A");
        using var leafA = Leaf(a);
        await rig.Cluster.CreateAsync("configmaps", Bundle("ca-bundle", Pem(a)));
        await Poll.UntilAsync(async () => (await rig.Client.CallAsync(leafA, "a", ct)).Outcome == UpstreamOutcome.Trusted, Budget, "CA A trusted", ct);

        // The Role taken away while running (the fake serves no RBAC deletes: its override answers as the API would).
        const string Forbidden = "configmaps is forbidden: User \"system:serviceaccount:conformance-tb:default\" cannot list resource \"configmaps\"";
        rig.Cluster.Api.Override(ListPath, 403, FakeStatus.Json(403, "Forbidden", Forbidden));
        var from = rig.Cluster.Requests.Count;
        // Several failed polls, still one line; the last good set is kept.
        await Poll.UntilAsync(() => rig.Cluster.Requests.Count >= from + 4, Budget, "four polls answered 403", ct);
        var errors = Lines(rig.Server.Stdout).Where(l => l.Contains("\"ERROR\"", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(errors);
        Assert.Contains("HTTP 403", error, StringComparison.Ordinal);
        Assert.Contains("configmaps is forbidden", error, StringComparison.Ordinal);
        Assert.Equal(UpstreamOutcome.Trusted, (await rig.Client.CallAsync(leafA, "a", ct)).Outcome);

        // Another error is one more line; then a good list logs the recovery once.
        rig.Cluster.Api.Override(ListPath, 200, "this is not json");
        from = rig.Cluster.Requests.Count;
        await Poll.UntilAsync(() => rig.Cluster.Requests.Count >= from + 3, Budget, "three polls answered with non-JSON", ct);
        errors = [.. Lines(rig.Server.Stdout).Where(l => l.Contains("\"ERROR\"", StringComparison.Ordinal))];
        Assert.Equal(2, errors.Count);
        Assert.Contains("not a ConfigMapList", errors[1], StringComparison.Ordinal);
        Assert.Equal(UpstreamOutcome.Trusted, (await rig.Client.CallAsync(leafA, "a", ct)).Outcome);

        rig.Cluster.Api.ClearOverride(ListPath);
        await rig.Cluster.DeleteAsync("configmaps", "ca-bundle");
        await Poll.UntilAsync(async () => (await rig.Client.CallAsync(leafA, "a", ct)).Outcome == UpstreamOutcome.Refused, Budget, "CA A refused after the recovery", ct);
        Assert.Single(Lines(rig.Server.Stdout), l => l.Contains("Listing trust bundle ConfigMaps recovered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_api_server_certificate_not_issued_by_the_service_account_ca_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await Rig.StartAsync(pki, apiIssuedByServiceAccountCa: false, ct);
        await Poll.UntilAsync(() => rig.Server.Stdout.Contains("API server certificate not trusted", StringComparison.Ordinal), Budget, "the refusal logged", ct);
        var error = Assert.Single(Lines(rig.Server.Stdout), l => l.Contains("\"ERROR\"", StringComparison.Ordinal));
        Assert.Contains("does not chain to a CA of", error, StringComparison.Ordinal);
        Assert.Contains("ca.crt", error, StringComparison.Ordinal);
        // Refused at the handshake: no request (and no token) ever reached the server.
        Assert.Empty(rig.Cluster.Requests);
        Assert.False(rig.Server.HasExited);
    }

    [Fact]
    public async Task Without_the_in_cluster_environment_it_exits_2_with_one_line()
    {
        var ports = new ReferenceServerArgs();
        var (code, _, stderr) = await ReferenceProcess.RunToExitAsync(ports.HttpsOnly(pki, "--trust-bundles-from", "kubernetes"), TestContext.Current.CancellationToken);
        Assert.Equal(2, code);
        Assert.Contains("KUBERNETES_SERVICE_HOST", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_missing_service_account_file_exits_2_naming_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = RunWorkspace.Create("conformance-sa-");
        await File.WriteAllTextAsync(folder.File("token"), "t", ct);
        await File.WriteAllTextAsync(folder.File("namespace"), FakeInCluster.Namespace, ct);
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(
            ports.HttpsOnly(pki, "--trust-bundles-from", "kubernetes"),
            [],
            ct,
            new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1", ["KUBERNETES_SERVICE_PORT"] = "6443", ["CONFORMANCE_SERVICEACCOUNT_DIR"] = folder.Path });
        Assert.Equal(2, await server.WaitForExitAsync(Budget, ct));
        Assert.Contains($"missing {folder.File("ca.crt")}", server.Stderr, StringComparison.Ordinal);
        Assert.Single(server.Stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--trust-bundles-from", "etcd", "--trust-bundles-from must be kubernetes")]
    [InlineData("--trust-bundles-poll", "500ms", "--trust-bundles-poll needs --trust-bundles-from kubernetes")]
    [InlineData("--trust-bundles", "/tmp", "are alternatives")]
    public async Task Bad_source_arguments_exit_2_with_one_line(string option, string value, string message)
    {
        var ports = new ReferenceServerArgs();
        var extra = option == "--trust-bundles" ? new[] { "--trust-bundles-from", "kubernetes", option, value } : [option, value];
        var (code, _, stderr) = await ReferenceProcess.RunToExitAsync(ports.HttpsOnly(pki, extra), TestContext.Current.CancellationToken);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    private static IssuedCertificate Leaf(CertificateAuthority ca) =>
        ca.Issue(new LeafSpecBuilder().WithCommonName("data-plane.knative.dev").WithDnsNames("data-plane.knative.dev").Build());

    private static string Pem(CertificateAuthority ca) => PemWriter.CertificatesPem([ca.Certificate]);

    private static V1ConfigMap Bundle(string name, string pem) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [TrustBundle.LabelKey] = "true" } },
        Data = new Dictionary<string, string> { ["ca.crt"] = pem },
    };

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private sealed class Rig : IAsyncDisposable
    {
        private readonly FakeInCluster _cluster;
        private ReferenceProcess? _server;
        private ActivatorClient? _client;

        private Rig(FakeInCluster cluster) => _cluster = cluster;

        public FakeInCluster Cluster => _cluster;

        public ReferenceProcess Server => _server ?? throw new InvalidOperationException("not started");

        public ActivatorClient Client => _client ?? throw new InvalidOperationException("not started");

        public static async Task<Rig> StartAsync(ReferencePki pki, bool apiIssuedByServiceAccountCa, CancellationToken ct)
        {
            var rig = new Rig(await FakeInCluster.StartAsync(ct, BundleReader));
            try
            {
                if (!apiIssuedByServiceAccountCa)
                {
                    // ca.crt holds another CA than the one that issued the API server's certificate.
                    using var other = CertificateAuthority.CreateRoot("Some Other CA");
                    await File.WriteAllTextAsync(Path.Combine(rig.Cluster.ServiceAccountFolder, "ca.crt"), Pem(other), ct);
                }

                var upstream = UpstreamTlsServer.Start(0, "k8s-upstream-marker", TimeProvider.System);
                var ports = new ReferenceServerArgs();
                var activator = PortAllocator.Allocate();
                rig._client = new ActivatorClient(
                    new HttpProbe(new ProbeOptions(), TimeProvider.System),
                    new HttpProbeRequest("activator", "127.0.0.1", activator, "GET", "/", $"127.0.0.1:{activator}"),
                    upstream);
                rig._server = await ReferenceProcess.StartAsync(
                    ports.HttpsOnly(pki, "--trust-bundles-from", "kubernetes", "--trust-bundles-poll", "100ms", "--activator-port", $"{activator}", "--upstream", $"https://127.0.0.1:{upstream.Port}"),
                    [ports.Https, activator],
                    ct,
                    rig._cluster.Environment);
            }
            catch
            {
                await rig.DisposeAsync();
                throw;
            }

            return rig;
        }

        public async ValueTask DisposeAsync()
        {
            // A failed start disposes a half-built rig.
            _server?.Dispose();
            if (_client is not null)
            {
                await _client.Upstream.DisposeAsync();
            }

            await _cluster.DisposeAsync();
        }
    }
}
