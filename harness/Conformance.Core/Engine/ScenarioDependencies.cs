namespace Conformance.Engine;

/// <summary>
/// The order scenarios' declarations impose: a scenario that consumes a <see cref="RunFact"/> starts only after every
/// scenario of the run that produces it finished (or was skipped or not applicable). The catalog is checked once when
/// it is built: a fact consumed that nothing produces, or producers and consumers that wait on each other in a
/// circle, are defects of the catalog, refused before any run.
/// </summary>
public static class ScenarioDependencies
{
    /// <summary>
    /// Returns <paramref name="catalog"/> when its declarations can be ordered; throws <see cref="InvalidOperationException"/>
    /// naming the scenario and fact when a consumed fact has no producer, or naming the cycle.
    /// </summary>
    public static IReadOnlyList<IScenario> Checked(IReadOnlyList<IScenario> catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var s in catalog)
        {
            foreach (var fact in s.Info.Consumes.Where(f => !catalog.Any(p => p != s && p.Info.Produces.Contains(f))))
            {
                throw new InvalidOperationException($"{s.Info.Id} consumes the run fact '{fact.Name}', which no other scenario in the catalog produces");
            }
        }

        _ = Order(catalog, Producers(catalog));
        return catalog;
    }

    /// <summary>For each scenario (by index), the indexes of the other scenarios in <paramref name="selected"/> that produce what it consumes.</summary>
    public static IReadOnlyList<int>[] Producers(IReadOnlyList<IScenario> selected)
    {
        ArgumentNullException.ThrowIfNull(selected);
        return [.. selected.Select((s, i) => (IReadOnlyList<int>)[.. Enumerable.Range(0, selected.Count)
            .Where(p => p != i && selected[p].Info.Produces.Any(s.Info.Consumes.Contains))])];
    }

    /// <summary>
    /// The run's plan: the scenarios that run concurrently, then those that run one at a time (acting on the target),
    /// then those that read the whole run. A scenario's phase is its own (<see cref="ScenarioInfo.ActsOnTarget"/>,
    /// <see cref="ScenarioInfo.ReadsWholeRun"/>) or its latest producer's, whichever is later; within a serial phase
    /// the order is the catalog's, except that a consumer comes after its producers.
    /// </summary>
    public static RunPlan Plan(IReadOnlyList<IScenario> selected, IReadOnlyList<int>[] producers)
    {
        var order = Order(selected, producers);
        var phase = new int[selected.Count];
        foreach (var i in order)
        {
            var own = selected[i].Info switch
            {
                { ReadsWholeRun: true } => 2,
                { ActsOnTarget: true } => 1,
                _ => 0,
            };
            phase[i] = producers[i].Select(p => phase[p]).Append(own).Max();
        }

        return new RunPlan(
            [.. Enumerable.Range(0, selected.Count).Where(i => phase[i] == 0)],
            [.. order.Where(i => phase[i] == 1)],
            [.. order.Where(i => phase[i] == 2)]);
    }

    /// <summary>Catalog order, each consumer moved after its producers (the first ready scenario by index each time); throws on a cycle.</summary>
    private static List<int> Order(IReadOnlyList<IScenario> selected, IReadOnlyList<int>[] producers)
    {
        var placed = new bool[selected.Count];
        var order = new List<int>(selected.Count);
        while (order.Count < selected.Count)
        {
            var next = Enumerable.Range(0, selected.Count).FirstOrDefault(i => !placed[i] && producers[i].All(p => placed[p]), -1);
            if (next < 0)
            {
                var waiting = Enumerable.Range(0, selected.Count).Where(i => !placed[i]).Select(i => selected[i].Info);
                throw new InvalidOperationException($"scenarios wait on each other's run facts in a cycle: {string.Join(", ", waiting.Select(w => $"{w.Id} (consumes {string.Join(", ", w.Consumes.Select(f => f.Name))})"))}");
            }

            placed[next] = true;
            order.Add(next);
        }

        return order;
    }
}
