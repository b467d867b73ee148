using System.Diagnostics;

namespace Conformance.Diagnostics;

/// <summary>
/// With <c>CONFORMANCE_TRACE_STARTUP=1</c>, one stderr line per phase of an invocation: milliseconds since the process
/// started (the runtime's own start-up included) and since the previous mark. It answers "where does a short run's
/// time go" without a profiler (docs/performance.md); without the variable every mark is a single bool test.
/// </summary>
public static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("CONFORMANCE_TRACE_STARTUP") == "1";
    private static readonly Lock Gate = new();
    private static double _last;

    /// <summary>Writes "trace: +ELAPSED ms (+DELTA) PHASE" to stderr when tracing is on.</summary>
    public static void Mark(string phase)
    {
        if (!Enabled)
        {
            return;
        }

        // Process start time is the kernel's (before the host and runtime loaded), so the first mark shows their cost too.
        var elapsed = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        lock (Gate)
        {
            Console.Error.WriteLine($"trace: {elapsed,7:0} ms (+{elapsed - _last,5:0}) {phase}");
            _last = elapsed;
        }
    }
}
