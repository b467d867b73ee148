using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Conformance.TrustBundles;

/// <summary>
/// The file format that stands for a trust-bundle ConfigMap on the process and container targets: a
/// Kubernetes ConfigMap manifest, one per file, named <c>&lt;metadata.name&gt;.yaml</c>:
/// <code>
/// apiVersion: v1
/// kind: ConfigMap
/// metadata:
///   name: my-bundle
///   labels:
///     "networking.knative.dev/trust-bundle": "true"
/// data:
///   "ca.pem": |
///     -----BEGIN CERTIFICATE-----
///     ...
/// </code>
/// Every label value and data key is a quoted string; data values are literal blocks (double-quoted when a literal
/// block cannot carry them exactly), so what is read back is byte for byte what was written. Certificates only: a
/// bundle never holds a key.
/// </summary>
public static partial class TrustBundleManifest
{
    /// <summary>The file name for a bundle: the ConfigMap name plus <c>.yaml</c>.</summary>
    public static string FileName(string name) => name + ".yaml";

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="bundle"/> could be a ConfigMap: a DNS-1123
    /// subdomain name (it is also the file name), label keys and data keys Kubernetes would accept.
    /// </summary>
    public static void Validate(TrustBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Name.Length is 0 or > 253 || !NamePattern().IsMatch(bundle.Name))
        {
            throw new ArgumentException($"'{bundle.Name}' is not a ConfigMap name (lower-case letters, digits, '-' and '.', at most 253)", nameof(bundle));
        }

        foreach (var key in bundle.Labels.Keys.Where(k => !LabelKeyPattern().IsMatch(k)))
        {
            throw new ArgumentException($"'{key}' is not a label key", nameof(bundle));
        }

        foreach (var key in bundle.Data.Keys.Where(k => k.Length is 0 or > 253 || !DataKeyPattern().IsMatch(k) || k is "." or ".."))
        {
            throw new ArgumentException($"'{key}' is not a ConfigMap data key (letters, digits, '-', '_' and '.')", nameof(bundle));
        }
    }

    /// <summary>The manifest text.</summary>
    public static string Render(TrustBundle bundle)
    {
        Validate(bundle);
        var metadata = new YamlMappingNode { { "name", Quoted(bundle.Name) } };
        if (bundle.Labels.Count > 0)
        {
            var labels = new YamlMappingNode();
            foreach (var (k, v) in bundle.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                labels.Add(Quoted(k), Quoted(v));
            }

            metadata.Add("labels", labels);
        }

        var root = new YamlMappingNode
        {
            { "apiVersion", "v1" },
            { "kind", "ConfigMap" },
            { "metadata", metadata },
        };
        var data = new YamlMappingNode();
        foreach (var (k, v) in bundle.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            data.Add(Quoted(k), Value(v));
        }

        root.Add("data", data);
        var sb = new StringBuilder();
        using (var writer = new StringWriter(sb) { NewLine = "\n" })
        {
            new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        }

        // YamlStream ends every document with "...": harmless, but a ConfigMap file reads better without it.
        var text = sb.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>Reads a manifest back (name, labels, data); throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static TrustBundle Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"not valid YAML at line {e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException("not a single ConfigMap manifest");
        }

        if (Scalar(root, "kind") != "ConfigMap")
        {
            throw new FormatException("kind is not ConfigMap");
        }

        var metadata = Child(root, "metadata") as YamlMappingNode ?? throw new FormatException("missing metadata");
        var name = Scalar(metadata, "name") ?? throw new FormatException("missing metadata.name");
        return new TrustBundle(name, Strings(Child(metadata, "labels")), Strings(Child(root, "data")));
    }

    private static YamlScalarNode Quoted(string text) => new(text) { Style = ScalarStyle.DoubleQuoted };

    private static YamlScalarNode Value(string text) =>
        // A literal block keeps PEM readable; it cannot carry carriage returns, tabs, leading spaces or other control
        // characters exactly, so those values (test inputs of invalid entries) are double-quoted with escapes instead.
        new(text) { Style = text.Length > 0 && text[0] != ' ' && !text.Any(c => char.IsControl(c) && c != '\n') ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted };

    private static Dictionary<string, string> Strings(YamlNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is YamlMappingNode map)
        {
            foreach (var (k, v) in map.Children)
            {
                if (k is YamlScalarNode { Value: { } key } && v is YamlScalarNode { Value: var value })
                {
                    result[key] = value ?? string.Empty;
                }
            }
        }

        return result;
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelKeyPattern();

    [GeneratedRegex(@"^[-._a-zA-Z0-9]+$")]
    private static partial Regex DataKeyPattern();
}
