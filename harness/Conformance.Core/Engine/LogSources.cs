using Conformance.Logs;
using Conformance.Targets;

namespace Conformance.Engine;

/// <summary>
/// One run's log sources: the catalog's own source (the target's output, or a tailed file, started before the target
/// so its start lines are seen arriving), every source for the key-material scan, the moment the target was started,
/// and the journal of actions taken on it.
/// </summary>
public sealed class LogSources : IRunLogSources, IAsyncDisposable
{
    private LogSources(LogsSpec spec, ILogSource catalogSource, IReadOnlyList<ILogSource> all, DateTimeOffset started, ActionJournal journal)
    {
        Spec = spec;
        CatalogSource = catalogSource;
        All = all;
        StartedUtc = started;
        Journal = journal;
    }

    public LogsSpec Spec { get; }

    public LogCatalog Catalog => Spec.Catalog;

    /// <summary>Where the catalog's lines come from.</summary>
    public ILogSource CatalogSource { get; }

    /// <summary>Every source of the run: the target's whole output and the catalog's file, if any.</summary>
    public IReadOnlyList<ILogSource> All { get; }

    /// <summary>When the sources were set up, just before the target is started.</summary>
    public DateTimeOffset StartedUtc { get; }

    public ActionJournal Journal { get; }

    /// <summary>Sets up and starts the sources the catalog names; <paramref name="resolve"/> resolves placeholders in a file path.</summary>
    public static LogSources Start(LogsSpec spec, ITarget target, Func<string, string> resolve, TimeProvider time)
    {
        var output = new TargetLogSource(target, new LogSourceSpec { Streams = ["*"] });
        ILogSource catalogSource;
        List<ILogSource> all = [output];
        if (spec.Catalog.Source.File is { } file)
        {
            var tail = new FileLogSource(resolve(file), time).Start();
            catalogSource = tail;
            all.Add(tail);
        }
        else
        {
            catalogSource = new TargetLogSource(target, spec.Catalog.Source);
        }

        return new LogSources(spec, catalogSource, all, time.GetUtcNow(), new ActionJournal(time));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in All)
        {
            await s.DisposeAsync();
        }
    }
}
