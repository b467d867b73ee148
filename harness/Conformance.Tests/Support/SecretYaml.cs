using System.Text;

namespace Conformance.Tests.Support;

/// <summary>Kubernetes Secret manifests (YAML) for the <c>--tls-secret</c> tests, valid or deliberately broken.</summary>
public static class SecretYaml
{
    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>A manifest with <paramref name="data"/> values written verbatim (already base64, or broken on purpose).</summary>
    public static string Manifest(string kind, string type, IReadOnlyDictionary<string, string> data, IReadOnlyDictionary<string, string>? stringData = null)
    {
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: v1\n").Append($"kind: {kind}\n").Append("metadata:\n  name: webhook-tls\n  namespace: flux-system\n");
        yaml.Append($"type: {type}\n");
        if (data.Count > 0)
        {
            yaml.Append("data:\n");
            foreach (var (k, v) in data)
            {
                yaml.Append($"  {k}: {v}\n");
            }
        }

        if (stringData is { Count: > 0 })
        {
            yaml.Append("stringData:\n");
            foreach (var (k, v) in stringData)
            {
                yaml.Append($"  {k}: |\n");
                foreach (var line in v.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    yaml.Append($"    {line}\n");
                }
            }
        }

        return yaml.ToString();
    }

    /// <summary>A valid kubernetes.io/tls manifest with base64 data.</summary>
    public static string Tls(string certificatePem, string keyPem) =>
        Manifest("Secret", "kubernetes.io/tls", new Dictionary<string, string> { ["tls.crt"] = Base64(certificatePem), ["tls.key"] = Base64(keyPem) });
}
