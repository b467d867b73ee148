using System.Text;

namespace Conformance.Pki;

/// <summary>
/// Writes a Kubernetes Secret manifest (YAML) of type <c>kubernetes.io/tls</c> holding a certificate chain and key,
/// as a process-target stand-in for a mounted Secret (Flux's <c>--tls-secret</c>). Written 0600: it holds a key.
/// </summary>
public static class SecretManifest
{
    /// <summary>The type of a well-formed TLS secret.</summary>
    public const string TlsType = "kubernetes.io/tls";

    /// <summary>Writes the manifest; <paramref name="type"/> and <paramref name="data"/> can be altered to make the invalid variants.</summary>
    public static void Write(string path, string name, string type, IReadOnlyDictionary<string, string> data) =>
        PemWriter.WriteSecret(path, Render(name, type, data));

    /// <summary>The manifest text: <c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c>, <c>type</c> and base64 <c>data</c>.</summary>
    public static string Render(string name, string type, IReadOnlyDictionary<string, string> data)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\n");
        sb.Append("kind: Secret\n");
        sb.Append("metadata:\n");
        sb.Append("  name: ").Append(Quote(name)).Append('\n');
        sb.Append("type: ").Append(Quote(type)).Append('\n');
        if (data.Count == 0)
        {
            sb.Append("data: {}\n");
            return sb.ToString();
        }

        sb.Append("data:\n");
        foreach (var (key, value) in data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append("  ").Append(Quote(key)).Append(": ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(value))).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The data map of a well-formed TLS secret for a certificate chain PEM and key PEM.</summary>
    public static IReadOnlyDictionary<string, string> TlsData(string certificatePem, string keyPem) =>
        new Dictionary<string, string> { ["tls.crt"] = certificatePem, ["tls.key"] = keyPem };

    // Double-quoted YAML scalar: safe for any name or type, including empty ones and ones with ':' or '#'.
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
