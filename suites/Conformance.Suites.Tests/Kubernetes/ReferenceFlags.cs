using System.Text.RegularExpressions;

namespace Conformance.Suites.Tests.Kubernetes;

/// <summary>
/// The reference server's command-line flags and modes, read from its parsers' source (Options/OptionsParser.cs,
/// TrustBundles/TrustBundleArguments.cs and Kubernetes/TlsSecretArguments.cs), so a manifest cannot name a flag or mode the server does not have.
/// </summary>
internal sealed partial record ReferenceFlags(IReadOnlySet<string> ValueFlags, IReadOnlySet<string> Switches, IReadOnlySet<string> Modes)
{
    /// <summary>Flags taking no value (the parser's cases that never call Value()).</summary>
    public static readonly string[] SwitchNames = ["--grpc", "--watch", "--no-watch"];

    /// <summary>Reads the flags of every parser source file under <paramref name="referenceServer"/> (the project folder).</summary>
    public static ReferenceFlags Load(string referenceServer)
    {
        var sources = new[] { Path.Combine("Options", "OptionsParser.cs"), Path.Combine("TrustBundles", "TrustBundleArguments.cs"), Path.Combine("Kubernetes", "TlsSecretArguments.cs") }
            .Select(f => File.ReadAllText(Path.Combine(referenceServer, f)))
            .ToList();
        // OptionsParser switches on each flag; TrustBundleArguments and TlsSecretArguments list the ones it takes in Handles(name is "..." or ...).
        var handled = sources.SelectMany(s => HandlesPattern().Matches(s)).SelectMany(m => FlagPattern().Matches(m.Value)).Select(m => m.Groups[1].Value);
        var cases = sources.SelectMany(s => CasePattern().Matches(s)).Select(m => m.Groups[1].Value).Concat(handled).ToHashSet(StringComparer.Ordinal);
        var modes = sources.SelectMany(s => ModePattern().Matches(s)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var values = cases.Except(SwitchNames).ToHashSet(StringComparer.Ordinal);
        values.Remove("--help");
        return new ReferenceFlags(values, SwitchNames.ToHashSet(StringComparer.Ordinal), modes);
    }

    [GeneratedRegex("""case "(--[a-z0-9-]+)"(?: or "-h")?:""")]
    private static partial Regex CasePattern();

    [GeneratedRegex("""name is "--[^;]+;""")]
    private static partial Regex HandlesPattern();

    [GeneratedRegex(""""(--[a-z0-9-]+)"""")]
    private static partial Regex FlagPattern();

    [GeneratedRegex("""^\s*"([a-z]+)" => ServerMode\.""", RegexOptions.Multiline)]
    private static partial Regex ModePattern();
}
