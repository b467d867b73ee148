using System.Collections.Concurrent;

namespace Conformance.Logs;

/// <summary>
/// When the harness acted on the target (start, restart, certificate replaced, reload…), in order, so a log window
/// "after the start" ends where the next action begins. Filled by <see cref="Engine.JournalingTargetActions"/>.
/// </summary>
public sealed class ActionJournal(TimeProvider time)
{
    private readonly ConcurrentQueue<(DateTimeOffset AtUtc, string Action)> _entries = new();

    public IReadOnlyList<(DateTimeOffset AtUtc, string Action)> Entries => [.. _entries];

    public void Record(string action) => _entries.Enqueue((time.GetUtcNow(), action));

    /// <summary>The first action at or after <paramref name="from"/>, or null.</summary>
    public DateTimeOffset? FirstAfter(DateTimeOffset from) => _entries.Where(e => e.AtUtc >= from).Select(e => (DateTimeOffset?)e.AtUtc).FirstOrDefault();
}
