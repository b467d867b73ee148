using System.Security.Authentication;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>
/// The reference's <c>--tls-secret-from kubernetes --tls-secret-name NAME</c> (flux mode) end to end: a real reference
/// process whose in-cluster environment points at an in-test HTTPS API (<see cref="FakeInCluster"/>) answering
/// <c>GET …/secrets/NAME</c>. The Secret is checked at start as a <c>--tls-secret</c> file is (exit 2, one line, on a bad
/// or unreadable one), polled while running (a changed Secret exits 3 for the kubelet to restart the container), and an
/// API error while running is one line while the pair read at start stays served.
/// </summary>
public sealed class KubernetesTlsSecretTests(ReferencePki pki)
{
    private const string Name = "source-controller-tls";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private string CertPem => File.ReadAllText(pki.Cert);

    private string KeyPem => File.ReadAllText(pki.Key);

    [Fact]
    public async Task Starts_with_the_secret_read_through_the_api_serves_it_and_ignores_a_metadata_only_change()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeInCluster.StartAsync(apiIssuedByServiceAccountCa: true, ct);
        cluster.Api.Answer(200, Secret(CertPem, KeyPem));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(Flux(ports), [ports.Https], ct, cluster.Environment);

        await using (var tls = await TlsConnection.ConnectAsync(ports.Https, ReferencePki.DefaultDns0, SslProtocols.None, ct))
        {
            Assert.Equal(pki.DefaultLeaf.Thumbprint, tls.Leaf.Thumbprint);
            Assert.Equal(SslProtocols.Tls13, tls.Stream.SslProtocol);
        }

        var first = cluster.Api.Requests[0];
        Assert.Equal($"/api/v1/namespaces/{FakeApiRequest.Namespace}/secrets/{Name}", first.Path);
        Assert.Equal("Bearer token-one", first.Authorization);

        // Polled while running, with the token read again each time (kubelet rotates it).
        await File.WriteAllTextAsync(cluster.ServiceAccount.File("token"), "token-two\n", ct);
        await Poll.UntilAsync(() => cluster.Api.Requests[^1].Authorization == "Bearer token-two", Budget, "the rotated token sent", ct);

        // A new resourceVersion with the same type and data serves the same pair: no restart.
        cluster.Api.Answer(200, Secret(CertPem, KeyPem, resourceVersion: "2"));
        var from = cluster.Api.Requests.Count;
        await Poll.UntilAsync(() => cluster.Api.Requests.Count >= from + 4, Budget, "four polls of the same content", ct);
        Assert.False(server.HasExited, server.Stdout + server.Stderr);
        Assert.DoesNotContain("secret changed", server.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, server.Stderr.Trim());
    }

    [Fact]
    public async Task A_changed_secret_exits_3_for_the_kubelet_to_restart_the_container()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeInCluster.StartAsync(apiIssuedByServiceAccountCa: true, ct);
        cluster.Api.Answer(200, Secret(CertPem, KeyPem));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(Flux(ports), [ports.Https], ct, cluster.Environment);

        cluster.Api.Answer(200, Secret(File.ReadAllText(pki.SniCert), File.ReadAllText(pki.SniKey), resourceVersion: "2"));

        Assert.Equal(3, await server.WaitForExitAsync(Budget, ct));
        Assert.Contains("secret changed: restarting", server.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-found", "HTTP 404")]
    [InlineData("forbidden", "secrets \"source-controller-tls\" is forbidden")]
    [InlineData("wrong-type", "type is Opaque, expected kubernetes.io/tls")]
    [InlineData("missing-key", "missing data key tls.key")]
    [InlineData("bad-base64", "data key tls.crt is not valid base64")]
    [InlineData("mismatch", "tls.key does not match the certificate in tls.crt")]
    [InlineData("not-json", "the answer is not JSON")]
    public async Task A_bad_or_unreadable_secret_at_start_exits_2_with_one_line_naming_why(string variant, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeInCluster.StartAsync(apiIssuedByServiceAccountCa: true, ct);
        var crt = SecretYaml.Base64(CertPem);
        var key = SecretYaml.Base64(KeyPem);
        var (status, body) = variant switch
        {
            "not-found" => (404, FakeConfigMapApi.Status(404, "NotFound", $"secrets \"{Name}\" not found")),
            "forbidden" => (403, FakeConfigMapApi.Status(403, "Forbidden", $"secrets \"{Name}\" is forbidden: User \"system:serviceaccount:{FakeApiRequest.Namespace}:default\" cannot get resource \"secrets\"")),
            "wrong-type" => (200, FakeConfigMapApi.Secret(Name, "Opaque", new Dictionary<string, string> { ["tls.crt"] = crt, ["tls.key"] = key })),
            "missing-key" => (200, FakeConfigMapApi.Secret(Name, "kubernetes.io/tls", new Dictionary<string, string> { ["tls.crt"] = crt })),
            "bad-base64" => (200, FakeConfigMapApi.Secret(Name, "kubernetes.io/tls", new Dictionary<string, string> { ["tls.crt"] = "%%%", ["tls.key"] = key })),
            "mismatch" => (200, FakeConfigMapApi.Secret(Name, "kubernetes.io/tls", new Dictionary<string, string> { ["tls.crt"] = crt, ["tls.key"] = SecretYaml.Base64(File.ReadAllText(pki.OtherKey())) })),
            _ => (200, "this is not json"),
        };
        cluster.Api.Answer(status, body);
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(Flux(ports), [], ct, cluster.Environment);

        Assert.Equal(2, await server.WaitForExitAsync(Budget, ct));
        var line = Assert.Single(server.Stderr.Trim().Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains($"Secret {FakeApiRequest.Namespace}/{Name}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forbidden_read_while_running_is_one_line_and_the_server_keeps_serving()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeInCluster.StartAsync(apiIssuedByServiceAccountCa: true, ct);
        cluster.Api.Answer(200, Secret(CertPem, KeyPem));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(Flux(ports), [ports.Https], ct, cluster.Environment);

        cluster.Api.Answer(403, FakeConfigMapApi.Status(403, "Forbidden", $"secrets \"{Name}\" is forbidden"));
        var from = cluster.Api.Requests.Count;
        await Poll.UntilAsync(() => cluster.Api.Requests.Count >= from + 4, Budget, "four polls answered 403", ct);
        await Poll.UntilAsync(() => server.Stderr.Contains("HTTP 403", StringComparison.Ordinal), Budget, "the 403 logged", ct);
        var error = Assert.Single(server.Stderr.Trim().Split('\n'));
        Assert.Contains("is forbidden", error, StringComparison.Ordinal);
        Assert.False(server.HasExited);
        await using (var tls = await TlsConnection.ConnectAsync(ports.Https, ReferencePki.DefaultDns0, SslProtocols.None, ct))
        {
            Assert.Equal(pki.DefaultLeaf.Thumbprint, tls.Leaf.Thumbprint);
        }

        // Readable again with the same content: one recovery line, still no restart.
        cluster.Api.Answer(200, Secret(CertPem, KeyPem));
        await Poll.UntilAsync(() => server.Stdout.Contains("readable again", StringComparison.Ordinal), Budget, "the recovery logged", ct);
        from = cluster.Api.Requests.Count;
        await Poll.UntilAsync(() => cluster.Api.Requests.Count >= from + 3, Budget, "three good polls", ct);
        Assert.False(server.HasExited, server.Stdout);
        Assert.Single(server.Stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("etcd", "--tls-secret-name", Name, "--tls-secret-from must be kubernetes")]
    [InlineData("kubernetes", "--tls-secret", "/tmp/secret.yaml", "are alternatives")]
    [InlineData("kubernetes", "--cert", "/tmp/tls.crt", "replaces --cert/--key")]
    [InlineData("kubernetes", "--tls-secret-poll", "500ms", "needs --tls-secret-name NAME")]
    [InlineData("kubernetes", "--tls-secret-name", "Not_A_Name", "--tls-secret-name must be a Kubernetes object name")]
    [InlineData(null, "--tls-secret-name", Name, "need --tls-secret-from kubernetes")]
    public async Task Bad_source_arguments_exit_2_with_one_line(string? from, string option, string value, string message)
    {
        var ports = new ReferenceServerArgs();
        List<string> args = ["--mode", "flux", "--https", $"{ports.Https}", option, value];
        if (from is not null)
        {
            args.AddRange(["--tls-secret-from", from]);
        }

        if (option == "--tls-secret-poll")
        {
            // Poll alone is valid; the missing name is what is wrong.
        }
        else if (option is "--tls-secret" or "--cert")
        {
            args.AddRange(["--tls-secret-name", Name]);
        }

        var (code, _, stderr) = await ReferenceProcess.RunToExitAsync(args, TestContext.Current.CancellationToken);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Outside_flux_mode_or_outside_a_pod_it_exits_2_with_one_line()
    {
        var ct = TestContext.Current.CancellationToken;
        var ports = new ReferenceServerArgs();
        var (code, _, stderr) = await ReferenceProcess.RunToExitAsync(["--https", $"{ports.Https}", "--tls-secret-from", "kubernetes", "--tls-secret-name", Name], ct);
        Assert.Equal(2, code);
        Assert.Contains("is flux mode's", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));

        (code, _, stderr) = await ReferenceProcess.RunToExitAsync(Flux(ports), ct);
        Assert.Equal(2, code);
        Assert.Contains("--tls-secret-from kubernetes needs KUBERNETES_SERVICE_HOST", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    private static List<string> Flux(ReferenceServerArgs ports) =>
        ["--mode", "flux", "--https", $"{ports.Https}", "--tls-secret-from", "kubernetes", "--tls-secret-name", Name, "--tls-secret-poll", "100ms"];

    private static string Secret(string certificatePem, string keyPem, string resourceVersion = "1") =>
        FakeConfigMapApi.Secret(Name, "kubernetes.io/tls", new Dictionary<string, string> { ["tls.crt"] = SecretYaml.Base64(certificatePem), ["tls.key"] = SecretYaml.Base64(keyPem) }, resourceVersion);
}
