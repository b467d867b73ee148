using Conformance.Pki;
using Conformance.TrustBundles;

namespace Conformance.Tests.TrustBundles;

/// <summary>The ConfigMap manifest format that stands for a trust bundle on file-based targets, and its atomic folder writer.</summary>
public sealed class TrustBundleManifestTests
{
    private static readonly string CaPem = MakeCaPem();

    private static string MakeCaPem()
    {
        using var ca = CertificateAuthority.CreateRoot("Manifest Test CA");
        return PemWriter.CertificatesPem([ca.Certificate]);
    }

    private static TrustBundle Bundle(string name, IReadOnlyDictionary<string, string> data, string labelValue = "true") =>
        new(name, new Dictionary<string, string> { [TrustBundle.LabelKey] = labelValue, ["app"] = "x" }, data);

    [Fact]
    public void Render_writes_a_configmap_manifest_with_quoted_labels_and_literal_pem_blocks()
    {
        var text = TrustBundleManifest.Render(Bundle("my-bundle", new Dictionary<string, string> { ["ca.pem"] = CaPem }));

        Assert.StartsWith("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"my-bundle\"\n  labels:\n", text, StringComparison.Ordinal);
        Assert.Contains("    \"networking.knative.dev/trust-bundle\": \"true\"\n", text, StringComparison.Ordinal);
        Assert.Contains("data:\n  \"ca.pem\": |", text, StringComparison.Ordinal);
        Assert.Contains("    -----BEGIN CERTIFICATE-----\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("...", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("yes-please")]
    [InlineData("")]
    [InlineData("false")]
    public void Round_trip_keeps_label_values_as_strings(string value)
    {
        var bundle = Bundle("b", new Dictionary<string, string> { ["k"] = CaPem }, value);
        var back = TrustBundleManifest.Parse(TrustBundleManifest.Render(bundle));
        Assert.Equal(value, back.Labels[TrustBundle.LabelKey]);
        Assert.Equal("b", back.Name);
    }

    [Fact]
    public void Round_trip_is_exact_for_several_certificates_odd_keys_and_invalid_entries()
    {
        var data = new Dictionary<string, string>
        {
            ["_Odd.Key-1"] = CaPem + CaPem,
            ["ROOTS..UPPER_2.PEM"] = "# a comment first\n" + CaPem,
            ["no-trailing-newline"] = CaPem.TrimEnd('\n'),
            ["two-trailing-newlines"] = CaPem + "\n",
            ["leading-space"] = "  " + CaPem,
            ["crlf-and-tab"] = CaPem.Replace("\n", "\r\n", StringComparison.Ordinal) + "\tjunk",
            ["empty"] = string.Empty,
            ["invalid"] = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
        };

        var back = TrustBundleManifest.Parse(TrustBundleManifest.Render(Bundle("odd", data)));

        Assert.Equal(data.OrderBy(kv => kv.Key), back.Data.OrderBy(kv => kv.Key));
    }

    [Theory]
    [InlineData("Upper", "is not a ConfigMap name")]
    [InlineData("-leading", "is not a ConfigMap name")]
    [InlineData("a/b", "is not a ConfigMap name")]
    [InlineData("", "is not a ConfigMap name")]
    public void Invalid_names_are_refused(string name, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => TrustBundleManifest.Render(Bundle(name, new Dictionary<string, string>())));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("with space")]
    [InlineData("")]
    public void Invalid_data_keys_are_refused(string key)
    {
        var e = Assert.Throws<ArgumentException>(() => TrustBundleManifest.Render(Bundle("b", new Dictionary<string, string> { [key] = CaPem })));
        Assert.Contains("is not a ConfigMap data key", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind: Secret\nmetadata: { name: x }\n", "kind is not ConfigMap")]
    [InlineData("kind: ConfigMap\n", "missing metadata")]
    [InlineData("kind: ConfigMap\nmetadata: { labels: {} }\n", "missing metadata.name")]
    [InlineData("kind: [", "not valid YAML")]
    public void Parse_names_what_is_wrong(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => TrustBundleManifest.Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_apply_replaces_atomically_leaves_no_temporary_file_and_delete_is_idempotent()
    {
        using var workspace = RunWorkspace.Create("conformance-bundle-folder-");
        var folder = new TrustBundleFolder(workspace.Path);
        folder.Apply(Bundle("b1", new Dictionary<string, string> { ["one"] = CaPem }));
        folder.Apply(Bundle("b1", new Dictionary<string, string> { ["two"] = CaPem }));
        folder.Apply(Bundle("b2", new Dictionary<string, string> { ["k"] = CaPem }, "yes"));

        Assert.Equal(["b1.yaml", "b2.yaml"], Directory.EnumerateFileSystemEntries(workspace.Path).Select(Path.GetFileName).Where(n => n != RunWorkspace.OwnerMarker).Order(StringComparer.Ordinal));
        Assert.Equal(["two"], TrustBundleManifest.Parse(File.ReadAllText(folder.FileFor("b1"))).Data.Keys);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.FileFor("b1")));
        }

        folder.Delete("b1");
        folder.Delete("b1");
        folder.Delete("never-existed");
        Assert.Equal(["b2.yaml"], Directory.EnumerateFileSystemEntries(workspace.Path).Select(Path.GetFileName).Where(n => n != RunWorkspace.OwnerMarker));
        Assert.Throws<ArgumentException>(() => folder.Delete("../escape"));
    }
}
