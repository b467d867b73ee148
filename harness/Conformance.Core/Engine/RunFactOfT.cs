namespace Conformance.Engine;

/// <summary>
/// A typed <see cref="RunFact"/>: each run holds one <typeparamref name="T"/>, made by <paramref name="create"/> the
/// first time a scenario asks for it (<see cref="ScenarioContext.Fact{T}"/>); the value itself does the memoizing.
/// </summary>
public sealed class RunFact<T>(string name, Func<T> create) : RunFact(name)
    where T : class
{
    internal override object CreateValue() => create();
}
