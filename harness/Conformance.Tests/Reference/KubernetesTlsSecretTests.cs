using System.Security.Authentication;
using System.Text;
using Conformance.FakeKubernetes;
using Conformance.Tests.Support;
using k8s;
using k8s.Models;

namespace Conformance.Tests.Reference;

/// <summary>
/// The reference's <c>--tls-secret-from kubernetes --tls-secret-name NAME</c> (flux mode) end to end: a real reference
/// process whose in-cluster environment points at the fake API server (<see cref="FakeInCluster"/>), which answers
/// <c>GET …/secrets/NAME</c> from its store under the RBAC a Role grants. The Secret is checked at start as a <c>--tls-secret</c> file is (exit 2, one line, on a bad
/// or unreadable one), polled while running (a changed Secret exits 3 for the kubelet to restart the container), and an
/// API error while running is one line while the pair read at start stays served.
/// </summary>
public sealed class KubernetesTlsSecretTests(ReferencePki pki)
{
    private const string Name = "source-controller-tls";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    // What fixtures/kubernetes/flux.yaml's Role grants the manager.
    private static readonly V1PolicyRule SecretReader = new() { ApiGroups = [""], Resources = ["secrets"], ResourceNames = [Name], Verbs = ["get"] };

    private static string SecretPath => FakeInCluster.PathOf("secrets", Name);

    private string CertPem => File.ReadAllText(pki.Cert);

    private string KeyPem => File.ReadAllText(pki.Key);

    [Fact]
    public async Task Starts_with_the_secret_read_through_the_api_serves_it_and_ignores_a_metadata_only_change()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeInCluster.StartAsync(ct, SecretReader);
        await cluster.CreateAsync("secrets", Secret(CertPem, KeyPem));
        var token = cluster.Token;
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(Flux(ports), [ports.Https], ct, cluster.Environment);

        await using (var tls = await TlsConnection.ConnectAsync(ports.Https, ReferencePki.DefaultDns0, SslProtocols.None, ct))
        {
            Assert.Equal(pki.DefaultLeaf.Thumbprint, tls.Leaf.Thumbprint);
            Assert.Equal(SslProtocols.Tls13, tls.Stream.SslProtocol);
        }

        var first = cluster.Requests[0];
        Assert.Equal(SecretPath, first.Path);
        Assert.Equal($"Bearer {token}", first.Authorization);

        // Polled while running, with the token read again each time (kubelet rotates it).
        var rotated = cluster.Api.RotateServiceAccountToken(FakeInCluster.Namespace);
        await Poll.UntilAsync(() => cluster.Requests[^1].Authorization == $"Bearer {rotated}", Budget, "the rotated token sent", ct);

        // A new resourceVersion with the same type and data serves the same pair: no restart.
        await cluster.ReplaceAsync("secrets", Name, Secret(CertPem, KeyPem));
        var from = cluster.Requests.Count;
        await Poll.UntilAsync(() => cluster.Requests.Count >= from + 4, Budget, "four polls of the same content", ct);
        Assert.False(server.HasExited, server.Stdout + server.Stderr);
        Assert.DoesNotContain("secret changed", server.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, server.Stderr.Trim());
    }

    [Fact]
    public async Task A_changed_secret_exits_3_for_the_kubelet_to_restart_the_container()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeInCluster.StartAsync(ct, SecretReader);
        await cluster.CreateAsync("secrets", Secret(CertPem, KeyPem));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(Flux(ports), [ports.Https], ct, cluster.Environment);

        await cluster.ReplaceAsync("secrets", Name, Secret(File.ReadAllText(pki.SniCert), File.ReadAllText(pki.SniKey)));

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
        // Forbidden: no Role bound. Not found: no Secret stored. The rest a Secret the store holds or, for what a real
        // API server would never answer (a tls Secret without its key, invalid base64, not JSON), the fake's override.
        await using var cluster = variant == "forbidden" ? await FakeInCluster.StartAsync(ct) : await FakeInCluster.StartAsync(ct, SecretReader);
        switch (variant)
        {
            case "wrong-type":
                await cluster.CreateAsync("secrets", Secret(CertPem, KeyPem, "Opaque"));
                break;
            case "mismatch":
                await cluster.CreateAsync("secrets", Secret(CertPem, File.ReadAllText(pki.OtherKey())));
                break;
            case "missing-key":
                var halved = Secret(CertPem, KeyPem);
                halved.Data.Remove("tls.key");
                cluster.Api.Override(SecretPath, 200, KubernetesJson.Serialize(halved));
                break;
            case "bad-base64":
                cluster.Api.Override(SecretPath, 200, KubernetesJson.Serialize(Secret(CertPem, KeyPem)).Replace(SecretYaml.Base64(CertPem), "%%%", StringComparison.Ordinal));
                break;
            case "not-json":
                cluster.Api.Override(SecretPath, 200, "this is not json");
                break;
        }

        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(Flux(ports), [], ct, cluster.Environment);

        Assert.Equal(2, await server.WaitForExitAsync(Budget, ct));
        var line = Assert.Single(server.Stderr.Trim().Split('\n'));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains($"Secret {FakeInCluster.Namespace}/{Name}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forbidden_read_while_running_is_one_line_and_the_server_keeps_serving()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await FakeInCluster.StartAsync(ct, SecretReader);
        await cluster.CreateAsync("secrets", Secret(CertPem, KeyPem));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(Flux(ports), [ports.Https], ct, cluster.Environment);

        // The Role taken away while running (the fake serves no RBAC deletes: its override answers as the API would).
        cluster.Api.Override(SecretPath, 403, FakeStatus.Json(403, "Forbidden", $"secrets \"{Name}\" is forbidden"));
        var from = cluster.Requests.Count;
        await Poll.UntilAsync(() => cluster.Requests.Count >= from + 4, Budget, "four polls answered 403", ct);
        await Poll.UntilAsync(() => server.Stderr.Contains("HTTP 403", StringComparison.Ordinal), Budget, "the 403 logged", ct);
        var error = Assert.Single(server.Stderr.Trim().Split('\n'));
        Assert.Contains("is forbidden", error, StringComparison.Ordinal);
        Assert.False(server.HasExited);
        await using (var tls = await TlsConnection.ConnectAsync(ports.Https, ReferencePki.DefaultDns0, SslProtocols.None, ct))
        {
            Assert.Equal(pki.DefaultLeaf.Thumbprint, tls.Leaf.Thumbprint);
        }

        // Readable again with the same content: one recovery line, still no restart.
        cluster.Api.ClearOverride(SecretPath);
        await Poll.UntilAsync(() => server.Stdout.Contains("readable again", StringComparison.Ordinal), Budget, "the recovery logged", ct);
        from = cluster.Requests.Count;
        await Poll.UntilAsync(() => cluster.Requests.Count >= from + 3, Budget, "three good polls", ct);
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

    // apiVersion and kind as the API server's answer carries them (the store sets them too; an override body needs them).
    private static V1Secret Secret(string certificatePem, string keyPem, string type = "kubernetes.io/tls") => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = Name },
        Type = type,
        Data = new Dictionary<string, byte[]> { ["tls.crt"] = Encoding.UTF8.GetBytes(certificatePem), ["tls.key"] = Encoding.UTF8.GetBytes(keyPem) },
    };
}
