namespace Conformance.Cli.Commands;

/// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool and may reorder lines).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
