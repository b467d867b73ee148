namespace Conformance.Tests.Architecture;

/// <summary>
/// Core's namespaces are layers: a namespace that uses another is never used back by it, directly or round a loop,
/// so each can be read, changed and tested from the ones below it.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void Core_namespaces_form_no_cycle()
    {
        var graph = NamespaceGraph.Read(typeof(Conformance.Model.IScenario).Assembly.Location, "Conformance");
        Assert.True(graph.Namespaces.Count > 10, $"read only {graph.Namespaces.Count} namespaces from Conformance.Core");

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles.Select(group =>
            string.Join(", ", group) + ":" + Environment.NewLine + string.Join(Environment.NewLine,
                group.SelectMany(from => graph.Uses(from).Where(u => group.Contains(u.Key)).Select(u => $"  {from} -> {u.Key}: {u.Value}"))))));
    }

    [Fact]
    public void The_graph_sees_a_dependency_written_only_inside_a_method_body()
    {
        // ScenarioRunner (Engine) creates a HandshakeProbe (Probes) inside RunAsync: no signature names Probes.
        var graph = NamespaceGraph.Read(typeof(Conformance.Model.IScenario).Assembly.Location, "Conformance");

        Assert.Contains("Conformance.Probes", graph.Uses("Conformance.Engine").Keys);
    }
}
