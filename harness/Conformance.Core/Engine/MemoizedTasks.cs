using System.Collections.Concurrent;

namespace Conformance.Engine;

/// <summary>
/// Asynchronous results computed once per key and reused by every later caller in the run; a computation that was
/// cancelled or failed is run again by the next caller rather than handed on.
/// </summary>
public sealed class MemoizedTasks<T>
{
    private readonly ConcurrentDictionary<string, Task<T>> _tasks = new(StringComparer.Ordinal);

    public Task<T> GetOrRun(string key, Func<Task<T>> run) =>
        _tasks.AddOrUpdate(key, _ => run(), (_, old) => old is { IsCanceled: false, IsFaulted: false } ? old : run());
}
