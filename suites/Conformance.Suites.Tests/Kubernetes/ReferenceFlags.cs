using System.Text.RegularExpressions;

namespace Conformance.Suites.Tests.Kubernetes;

/// <summary>
/// The reference server's command-line flags and modes, read from its parser's source (so a manifest cannot name a
/// flag the server does not have), plus the ones other branches add that this branch's manifests already use.
/// </summary>
internal sealed partial record ReferenceFlags(IReadOnlySet<string> ValueFlags, IReadOnlySet<string> Switches, IReadOnlySet<string> Modes, IReadOnlySet<string> PendingUsed)
{
    /// <summary>Flags taking no value (the parser's cases that never call Value()).</summary>
    public static readonly string[] SwitchNames = ["--grpc", "--watch", "--no-watch"];

    /// <summary>
    /// Flags and modes used by fixtures/kubernetes/ that other branches add to the reference server: --bind (container),
    /// --mode knative and --admin (logs), --trust-bundles, --activator-port and --upstream (bundles; parsed in
    /// TrustBundles/TrustBundleArguments.cs there). Accepted while the parser here lacks them.
    /// </summary>
    public static readonly string[] PendingFlags = ["--bind", "--admin", "--trust-bundles", "--upstream", "--activator-port"];

    public static readonly string[] PendingModes = ["knative"];

    public static ReferenceFlags Load(string optionsParserPath)
    {
        var source = File.ReadAllText(optionsParserPath);
        var cases = CasePattern().Matches(source).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var modes = ModePattern().Matches(source).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var pending = PendingFlags.Where(f => !cases.Contains(f)).Concat(PendingModes.Where(m => !modes.Contains(m))).ToHashSet(StringComparer.Ordinal);
        var values = cases.Except(SwitchNames).Concat(PendingFlags).ToHashSet(StringComparer.Ordinal);
        values.Remove("--help");
        return new ReferenceFlags(values, SwitchNames.ToHashSet(StringComparer.Ordinal), modes.Concat(PendingModes).ToHashSet(StringComparer.Ordinal), pending);
    }

    [GeneratedRegex("""case "(--[a-z0-9-]+)"(?: or "-h")?:""")]
    private static partial Regex CasePattern();

    [GeneratedRegex("""^\s*"([a-z]+)" => ServerMode\.""", RegexOptions.Multiline)]
    private static partial Regex ModePattern();
}
