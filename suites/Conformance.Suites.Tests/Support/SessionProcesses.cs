using System.Globalization;

namespace Conformance.Suites.Tests.Support;

/// <summary>
/// Processes by session, read from /proc: a CLI started with <c>setsid</c> leads a session of its own, and everything
/// it starts (the target, its workers, a shell's children re-parented to init) stays in that session, so "nothing of
/// the run is left" is exactly "no live process in that session".
/// </summary>
internal static class SessionProcesses
{
    /// <summary>Live (not zombie) processes whose session id is <paramref name="session"/>, with their command lines.</summary>
    public static IReadOnlyList<(int Pid, string Command)> InSession(int session)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (Stat(pid) is { } s && s.Session == session && !s.Zombie)
                {
                    found.Add((pid, File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim()));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while we looked.
            }
        }

        return found;
    }

    /// <summary>Process group and session of <paramref name="pid"/>, or null when it is gone.</summary>
    public static (int Group, int Session, bool Zombie)? Stat(int pid)
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

        // "pid (comm) state ppid pgrp session ...": comm may hold spaces, so split after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture), fields[0] is "Z" or "X");
    }
}
