using System.Runtime.Versioning;
using System.Text;
using Conformance.Pki;
using YamlDotNet.RepresentationModel;

namespace Conformance.Tests.Pki;

[UnsupportedOSPlatform("windows")]
public sealed class SecretManifestTests
{
    [Fact]
    public void Write_produces_a_kubernetes_tls_secret_with_base64_data_readable_only_by_owner()
    {
        using var workspace = RunWorkspace.Create();
        var path = workspace.File("secret.yaml");
        SecretManifest.Write(path, "webhook-tls", SecretManifest.TlsType, SecretManifest.TlsData("CERT PEM\n", "KEY PEM\n"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(path)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal("v1", root["apiVersion"].ToString());
        Assert.Equal("Secret", root["kind"].ToString());
        Assert.Equal("webhook-tls", ((YamlMappingNode)root["metadata"])["name"].ToString());
        Assert.Equal("kubernetes.io/tls", root["type"].ToString());
        var data = (YamlMappingNode)root["data"];
        Assert.Equal("CERT PEM\n", Encoding.UTF8.GetString(Convert.FromBase64String(data["tls.crt"].ToString())));
        Assert.Equal("KEY PEM\n", Encoding.UTF8.GetString(Convert.FromBase64String(data["tls.key"].ToString())));
    }

    [Fact]
    public void Invalid_variants_keep_what_they_are_given()
    {
        var text = SecretManifest.Render("s", "Opaque", new Dictionary<string, string> { ["tls.crt"] = "x" });
        Assert.Contains("type: \"Opaque\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tls.key", text, StringComparison.Ordinal);
        Assert.Contains("data: {}", SecretManifest.Render("s", SecretManifest.TlsType, new Dictionary<string, string>()), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_pki_writes_secret_client_matrix_and_live_links()
    {
        using var workspace = RunWorkspace.Create();
        using var pki = RunPki.Issue(new PkiSpec { ServerNames = ["localhost"] }, workspace);

        var p = pki.Placeholders;
        Assert.Equal(Path.Combine(pki.LiveDirectory, "tls.crt"), p["pki:cert"]);
        Assert.NotNull(new FileInfo(p["pki:cert"]).LinkTarget);
        Assert.NotNull(new FileInfo(p["pki:key"]).LinkTarget);
        Assert.Contains("PRIVATE KEY", File.ReadAllText(p["pki:key"]), StringComparison.Ordinal);
        Assert.Contains("kubernetes.io/tls", File.ReadAllText(p["pki:secret"]), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(p["pki:client-key"]));
        Assert.Equal(p["pki:ca"], p["pki:client-ca"]);

        var clients = Assert.IsType<ClientCertificates>(pki.Clients);
        Assert.Equal(pki.Issuer!.Certificate.Subject, clients.Valid.Certificate.Issuer);
        Assert.Contains("CN=conformance-client", clients.Valid.Certificate.Subject, StringComparison.Ordinal);
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], Ekus(clients.Valid));
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], Ekus(clients.ServerAuthOnly));
        Assert.NotEqual(pki.Root!.Certificate.Subject, clients.UntrustedCa.Certificate.Issuer);
        Assert.True(clients.Expired.Certificate.NotAfter.ToUniversalTime() < DateTime.UtcNow);
    }

    [Fact]
    public void Self_signed_leaf_has_no_client_matrix()
    {
        using var workspace = RunWorkspace.Create();
        using var pki = RunPki.Issue(new PkiSpec { ServerNames = ["localhost"], SelfSignedLeaf = true }, workspace);
        Assert.Null(pki.Clients);
        Assert.False(pki.Placeholders.ContainsKey("pki:client-cert"));
    }

    private static string[] Ekus(IssuedCertificate c) =>
        [.. c.Certificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension>()
            .SelectMany(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Select(o => o.Value!)];
}
