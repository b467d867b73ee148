namespace Conformance.Interruption;

/// <summary>
/// Every <see cref="IEmergencyStop"/> alive in this process (registered when started, unregistered when stopped the
/// ordinary way). A second SIGINT/SIGTERM does not wait for the run's own cleanup: it stops whatever is still listed
/// here, all at once, and exits.
/// </summary>
public static class LiveResources
{
    private static readonly Lock Gate = new();
    private static readonly List<IEmergencyStop> Live = [];

    /// <summary>Lists <paramref name="resource"/> until the returned handle is disposed.</summary>
    public static IDisposable Register(IEmergencyStop resource)
    {
        lock (Gate)
        {
            Live.Add(resource);
        }

        return new Registration(resource);
    }

    /// <summary>What is listed now (newest last).</summary>
    public static IReadOnlyList<IEmergencyStop> Snapshot()
    {
        lock (Gate)
        {
            return [.. Live];
        }
    }

    /// <summary>
    /// Stops everything listed, concurrently (a container removal must not delay a process kill), and returns once all
    /// are done or <paramref name="within"/> has passed; returns how many were stopped in time.
    /// </summary>
    public static int StopAll(TimeSpan within) => StopAll(Snapshot(), within);

    /// <summary>Stops <paramref name="resources"/> as <see cref="StopAll(TimeSpan)"/> stops everything listed.</summary>
    public static int StopAll(IReadOnlyList<IEmergencyStop> resources, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var deadline = Environment.TickCount64 + (long)within.TotalMilliseconds;

        // Threads of their own, not the pool: a run that starved the pool is exactly when this runs.
        var threads = resources.Where(r => !r.HoldsKeys).Select(r => new Thread(() => StopOne(r, within))
        { IsBackground = true, Name = "conformance emergency stop" }).ToList();
        threads.ForEach(t => t.Start());

        // The keys go on this thread, which is running: a started thread may not be scheduled before the exit.
        var stopped = 0;
        foreach (var keys in resources.Where(r => r.HoldsKeys))
        {
            StopOne(keys, TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)));
            stopped++;
        }

        foreach (var t in threads)
        {
            stopped += t.Join(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64))) ? 1 : 0;
        }

        return stopped;
    }

    private static void StopOne(IEmergencyStop resource, TimeSpan within)
    {
        try
        {
            resource.StopNow(within);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last resort: one failed stop must not keep the others from running.
        }
    }

    private static void Unregister(IEmergencyStop resource)
    {
        lock (Gate)
        {
            Live.Remove(resource);
        }
    }

    private sealed class Registration(IEmergencyStop resource) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Unregister(resource);
            }
        }
    }
}
