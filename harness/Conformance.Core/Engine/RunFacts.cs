using System.Collections.Concurrent;

namespace Conformance.Engine;

/// <summary>The values of one run's <see cref="RunFact"/>s, each created once, on first use, by its own fact.</summary>
public sealed class RunFacts
{
    // Keyed by the fact object: only RunFact<T> creates the value stored under it, so the cast below cannot fail.
    private readonly ConcurrentDictionary<RunFact, Lazy<object>> _values = new();

    /// <summary>This run's value of <paramref name="fact"/>, created on first use.</summary>
    public T Get<T>(RunFact<T> fact)
        where T : class =>
        (T)_values.GetOrAdd(fact, f => new Lazy<object>(f.CreateValue, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
}
