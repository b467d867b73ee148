using Conformance.Engine;

namespace Conformance.Tests.Architecture;

/// <summary>
/// Core's namespaces are layers: a namespace that uses another is never used back by it, directly or round a loop,
/// so each can be read, changed and tested from the ones below it. The graph is read from Core's IL, so a dependency
/// written with a qualified name or inside a lambda counts as much as one behind a using directive.
/// </summary>
public sealed class NamespaceCycleTests
{
    /// <summary>
    /// Back edges excused while they are being broken, each a known debt. Empty: the profile reader is handed the kinds
    /// (Drivers.ProfileLoader), drivers get a VariantContext instead of the run environment, placeholders and ports
    /// live below the targets, and the registry sits above the driver folders. The list may only shrink: a listed edge
    /// that is gone fails the test too.
    /// </summary>
    private static readonly (string From, string To)[] KnownBackEdges = [];

    private static NamespaceGraph Core { get; } = NamespaceGraph.Read(typeof(IScenario).Assembly.Location, "Conformance");

    [Fact]
    public void Core_namespaces_form_no_cycle_other_than_the_listed_back_edges()
    {
        Assert.True(Core.Namespaces.Count > 10, $"read only {Core.Namespaces.Count} namespaces from Conformance.Core");

        var cycles = Core.Cycles(Known);

        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles.Select(group =>
            string.Join(", ", group) + ":" + Environment.NewLine + string.Join(Environment.NewLine,
                group.SelectMany(from => Core.Uses(from).Where(u => group.Contains(u.Key) && !Known(from, u.Key)).Select(u => $"  {from} -> {u.Key}: {u.Value}"))))));
    }

    [Fact]
    public void Every_listed_back_edge_still_exists_so_a_broken_one_is_struck_off_the_list()
    {
        var gone = KnownBackEdges
            .Where(e => !Core.Namespaces.Any(from => Matches(e.From, from) && Core.Uses(from).Keys.Any(to => to != from && Matches(e.To, to))))
            .Select(e => $"{e.From} -> {e.To}")
            .ToList();

        Assert.True(gone.Count == 0, "no longer used, remove from KnownBackEdges: " + string.Join(", ", gone));
    }

    [Fact]
    public void The_graph_sees_a_dependency_written_only_inside_a_method_body()
    {
        // ScenarioRunner (Engine) creates a HandshakeProbe (Probes) inside RunAsync: no signature names Probes.
        Assert.Contains("Conformance.Probes", Core.Uses("Conformance.Engine").Keys);
    }

    [Theory]
    [InlineData("Conformance.Profiles", "Conformance.Drivers")]
    [InlineData("Conformance.Targets", "Conformance.Engine")]
    [InlineData("Conformance.Targets.Kubernetes", "Conformance.Drivers")]
    [InlineData("Conformance.Inputs", "Conformance.Profiles")]
    public void A_planted_back_edge_is_reported_as_a_cycle_through_both_namespaces(string from, string to)
    {
        // The check can fail: each planted edge reverses a dependency Core really has (the loader reads profiles, the
        // engine starts targets, the registry lists the Kubernetes driver, the reader resolves input files), and the
        // cycle found holds both ends. With the edge excused the way KnownBackEdges excuses one, the loop is gone again.
        Assert.Contains(to, Core.Namespaces);
        var planted = Core.With(from, to);

        Assert.Contains(planted.Cycles(), c => c.Contains(from) && c.Contains(to));
        Assert.Empty(planted.Cycles((f, t) => f == from && t == to));
    }

    private static bool Known(string from, string to) => KnownBackEdges.Any(e => Matches(e.From, from) && Matches(e.To, to) && from != to);

    private static bool Matches(string pattern, string ns) =>
        pattern.EndsWith(".*", StringComparison.Ordinal) ? ns.StartsWith(pattern[..^1], StringComparison.Ordinal) : ns == pattern;
}
