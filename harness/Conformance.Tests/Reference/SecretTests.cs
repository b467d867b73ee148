using System.Security.Authentication;
using Conformance.Pki;
using Conformance.Tests.Support;

namespace Conformance.Tests.Reference;

/// <summary>
/// <c>--tls-secret</c> (SV-01, SV-02): a valid kubernetes.io/tls manifest is served; every invalid one makes the
/// process refuse to start with exit code 2 and exactly one stderr line saying why.
/// </summary>
public sealed class SecretTests(ReferencePki pki)
{
    private string CertPem => File.ReadAllText(pki.Cert);

    private string KeyPem => File.ReadAllText(pki.Key);

    [Theory]
    [InlineData("data")]
    [InlineData("stringData")]
    public async Task A_valid_tls_secret_is_served(string form)
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-secret-");
        var yaml = form == "data"
            ? SecretYaml.Tls(CertPem, KeyPem)
            : SecretYaml.Manifest("Secret", "kubernetes.io/tls", new Dictionary<string, string>(), new Dictionary<string, string> { ["tls.crt"] = CertPem, ["tls.key"] = KeyPem });
        File.WriteAllText(workspace.File("secret.yaml"), yaml);
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(["--https", $"{ports.Https}", "--tls-secret", workspace.File("secret.yaml")], [ports.Https], ct);

        await using var tls = await TlsConnection.ConnectAsync(ports.Https, ReferencePki.DefaultDns0, SslProtocols.None, ct);

        Assert.Equal(pki.DefaultLeaf.Thumbprint, tls.Leaf.Thumbprint);
    }

    [Theory]
    [InlineData("wrong-type", "type is Opaque, expected kubernetes.io/tls")]
    [InlineData("wrong-kind", "kind is ConfigMap, expected Secret")]
    [InlineData("missing-key", "missing data key tls.key")]
    [InlineData("missing-cert", "missing data key tls.crt")]
    [InlineData("bad-base64", "data key tls.crt is not valid base64")]
    [InlineData("malformed-pem", "tls.crt is not valid PEM")]
    [InlineData("malformed-key", "tls.key is not valid PEM")]
    [InlineData("mismatch", "tls.key does not match the certificate in tls.crt")]
    [InlineData("not-yaml", "not valid YAML")]
    [InlineData("missing-file", "cannot read it")]
    public async Task An_invalid_tls_secret_refuses_to_start_with_one_line(string variant, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-secret-");
        var path = workspace.File("secret.yaml");
        if (variant != "missing-file")
        {
            File.WriteAllText(path, InvalidSecret(variant));
        }

        var ports = new ReferenceServerArgs();

        var (exit, stdout, stderr) = await ReferenceProcess.RunToExitAsync(["--https", $"{ports.Https}", "--tls-secret", path], ct);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"invalid --tls-secret {path}: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_secret_and_cert_files_together_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-secret-");
        File.WriteAllText(workspace.File("secret.yaml"), SecretYaml.Tls(CertPem, KeyPem));
        var ports = new ReferenceServerArgs();

        var (exit, _, stderr) = await ReferenceProcess.RunToExitAsync(ports.HttpsOnly(pki, "--tls-secret", workspace.File("secret.yaml")), ct);

        Assert.Equal(2, exit);
        Assert.Contains("--tls-secret replaces --cert/--key", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task StartsWithInvalidSecret_mutant_starts_with_a_self_generated_certificate()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = RunWorkspace.Create("conformance-secret-");
        File.WriteAllText(workspace.File("secret.yaml"), InvalidSecret("wrong-type"));
        var ports = new ReferenceServerArgs();
        using var server = await ReferenceProcess.StartAsync(
            ["--mode", "flux", "--https", $"{ports.Https}", "--tls-secret", workspace.File("secret.yaml"), "--mutant", "StartsWithInvalidSecret"], [ports.Https], ct);

        await using var tls = await TlsConnection.ConnectAsync(ports.Https, ReferencePki.DefaultDns0, SslProtocols.None, ct);
        var response = await tls.SendAsync("GET", "/", ct);

        Assert.False(server.HasExited);
        Assert.Equal(200, response.Status);
        Assert.Equal(tls.Leaf.Subject, tls.Leaf.Issuer);
        Assert.NotEqual(pki.DefaultLeaf.Thumbprint, tls.Leaf.Thumbprint);
        Assert.Equal(0, await server.TerminateAsync(ct));
    }

    private string InvalidSecret(string variant)
    {
        var crt = SecretYaml.Base64(CertPem);
        var key = SecretYaml.Base64(KeyPem);
        Dictionary<string, string> Data(string c, string k) => new() { ["tls.crt"] = c, ["tls.key"] = k };
        return variant switch
        {
            "wrong-type" => SecretYaml.Manifest("Secret", "Opaque", Data(crt, key)),
            "wrong-kind" => SecretYaml.Manifest("ConfigMap", "kubernetes.io/tls", Data(crt, key)),
            "missing-key" => SecretYaml.Manifest("Secret", "kubernetes.io/tls", new Dictionary<string, string> { ["tls.crt"] = crt }),
            "missing-cert" => SecretYaml.Manifest("Secret", "kubernetes.io/tls", new Dictionary<string, string> { ["tls.key"] = key }),
            "bad-base64" => SecretYaml.Manifest("Secret", "kubernetes.io/tls", Data("not*base64!", key)),
            "malformed-pem" => SecretYaml.Manifest("Secret", "kubernetes.io/tls", Data(SecretYaml.Base64("-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n"), key)),
            "malformed-key" => SecretYaml.Manifest("Secret", "kubernetes.io/tls", Data(crt, SecretYaml.Base64("just some text\n"))),
            "mismatch" => SecretYaml.Manifest("Secret", "kubernetes.io/tls", Data(crt, SecretYaml.Base64(File.ReadAllText(pki.OtherKey())))),
            "not-yaml" => "kind: Secret\ntype: [unclosed\n",
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
    }
}
