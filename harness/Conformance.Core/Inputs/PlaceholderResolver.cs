using System.Text.RegularExpressions;
using Conformance.Platform;

namespace Conformance.Inputs;

/// <summary>
/// Resolves <c>{name}</c> placeholders in profile strings: <c>{port:NAME}</c> (a free loopback port, allocated on
/// first use and stable for the run), <c>{pki:…}</c>, <c>{file:NAME}</c>, <c>{run:dir}</c>, <c>{run:bundles}</c> (the trust-bundle folder), <c>{reference}</c>.
/// An unknown placeholder is an error that names it.
/// </summary>
public sealed partial class PlaceholderResolver
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Ports => _ports;

    /// <summary>Every value set so far (ports excluded: those are allocated per resolver).</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    public void Set(string name, string value) => _values[name] = value;

    public void SetAll(IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var (k, v) in values)
        {
            _values[k] = v;
        }
    }

    /// <summary>Replaces every placeholder in <paramref name="text"/>. Throws <see cref="PlaceholderException"/> on an unknown one.</summary>
    public string Resolve(string text) => PlaceholderPattern().Replace(text, m => Value(m.Groups[1].Value));

    /// <summary>The port named by <c>{port:NAME}</c>, allocating it on first use.</summary>
    public int Port(string name)
    {
        if (!_ports.TryGetValue(name, out var port))
        {
            port = PortAllocator.Allocate();
            _ports[name] = port;
        }

        return port;
    }

    private string Value(string name)
    {
        if (name.StartsWith("port:", StringComparison.Ordinal))
        {
            return Port(name["port:".Length..]).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return _values.TryGetValue(name, out var v) ? v : throw new PlaceholderException(name);
    }

    [GeneratedRegex(@"\{([a-z]+(?::[A-Za-z0-9_.\-]+)*)\}")]
    private static partial Regex PlaceholderPattern();
}
