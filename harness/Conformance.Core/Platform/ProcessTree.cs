using System.Globalization;

namespace Conformance.Platform;

/// <summary>
/// The descendants of a process, read from <c>/proc</c> before a stop. Once the parent exits its children are
/// re-parented and <c>Process.Kill(entireProcessTree: true)</c> no longer finds them (a shell wrapper that dies on
/// SIGTERM leaves its server running), so the stop remembers them first and reaps the survivors afterwards.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Descendants of <paramref name="pid"/> with their start times (so a recycled pid is never signalled). Empty where /proc is absent.</summary>
    public static IReadOnlyList<(int Pid, long StartTime)> Descendants(int pid)
    {
        var all = ReadAll();
        var result = new List<(int, long)>();
        var queue = new Queue<int>([pid]);
        while (queue.Count > 0)
        {
            var parent = queue.Dequeue();
            foreach (var (child, info) in all)
            {
                if (info.Parent == parent && child != pid && !result.Any(r => r.Item1 == child))
                {
                    result.Add((child, info.StartTime));
                    queue.Enqueue(child);
                }
            }
        }

        return result;
    }

    /// <summary>SIGKILLs every remembered descendant that is still the same process.</summary>
    public static void KillSurvivors(IReadOnlyList<(int Pid, long StartTime)> tree)
    {
        foreach (var (pid, start) in tree)
        {
            if (Read(pid) is { } now && now.StartTime == start && !now.Zombie)
            {
                NativeSignals.Send(pid, NativeSignals.SigKill);
            }
        }
    }

    /// <summary>
    /// The start time of <paramref name="pid"/> (clock ticks since boot, /proc/PID/stat field 22), null when it is not
    /// a live process: with the pid, it names one process for good (a recycled pid has another start time).
    /// </summary>
    public static long? StartTime(int pid) => Read(pid) is { Zombie: false } info ? info.StartTime : null;

    /// <summary>
    /// Kills <paramref name="process"/> and its descendants with one read of /proc (the descendants first, so the ones
    /// re-parented by the kill are still found), no grace: the last resort, which must be quick on a loaded machine.
    /// </summary>
    public static void KillTree(System.Diagnostics.Process process)
    {
        int pid;
        try
        {
            // An exited process's pid may already name another process: its "descendants" would be strangers.
            if (process.HasExited)
            {
                return;
            }

            pid = process.Id;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        var tree = Descendants(pid);
        NativeSignals.Send(pid, NativeSignals.SigKill);
        KillSurvivors(tree);
    }

    /// <summary>Whether <paramref name="pid"/> is a live (not zombie) process.</summary>
    public static bool IsAlive(int pid) => Read(pid) is { Zombie: false };

    private static Dictionary<int, (int Parent, long StartTime, bool Zombie)> ReadAll()
    {
        var map = new Dictionary<int, (int, long, bool)>();
        if (!Directory.Exists("/proc"))
        {
            return map;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } info)
            {
                map[pid] = info;
            }
        }

        return map;
    }

    private static (int Parent, long StartTime, bool Zombie)? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ... starttime(22nd)": comm may hold spaces and parentheses, so split after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 20
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return (parent, start, fields[0] is "Z" or "X");
    }
}
