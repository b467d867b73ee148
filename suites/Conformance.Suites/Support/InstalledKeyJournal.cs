using System.Collections.Concurrent;

namespace Conformance.Suites.Support;

/// <summary>
/// Base64 fragments of the private keys the log scenarios installed on the target during the run
/// (<see cref="LogChecks.InstalledKeys"/>), so LG-04 looks for them in the logs too.
/// </summary>
internal sealed class InstalledKeyJournal
{
    private readonly ConcurrentBag<string> _fragments = [];

    public IReadOnlyCollection<string> Fragments => _fragments;

    public void Add(IEnumerable<string> fragments)
    {
        foreach (var f in fragments)
        {
            _fragments.Add(f);
        }
    }
}
