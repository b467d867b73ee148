using Conformance.Logs;

namespace Conformance.Engine;

/// <summary>What a scenario reads of the run's log sources (<see cref="LogSources"/>); starting and disposing them is the engine's.</summary>
public interface IRunLogSources
{
    LogsSpec Spec { get; }

    LogCatalog Catalog { get; }

    /// <summary>Where the catalog's lines come from.</summary>
    ILogSource CatalogSource { get; }

    /// <summary>Every source of the run: the target's whole output and the catalog's file, if any.</summary>
    IReadOnlyList<ILogSource> All { get; }

    /// <summary>When the sources were set up, just before the target is started.</summary>
    DateTimeOffset StartedUtc { get; }

    /// <summary>The actions taken on the target, in order, as log scenarios line them up with the lines.</summary>
    ActionJournal Journal { get; }
}
