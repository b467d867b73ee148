namespace Conformance.Engine;

/// <summary>
/// A result one scenario hands to others in the same run (RT-05's sensitivity check, the keys the log scenarios
/// installed). Scenarios declare the facts they produce and consume in <see cref="ScenarioInfo"/>, so the engine can
/// start a consumer only after its producers and the catalog can refuse a fact nobody produces.
/// </summary>
public abstract class RunFact
{
    private protected RunFact(string name) => Name = name;

    /// <summary>The fact's name as errors and evidence show it.</summary>
    public string Name { get; }

    public override string ToString() => Name;

    /// <summary>A fresh, empty value for a new run.</summary>
    internal abstract object CreateValue();
}
