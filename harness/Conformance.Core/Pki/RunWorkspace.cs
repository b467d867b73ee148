using System.Globalization;
using Conformance.Interruption;
using Conformance.Platform;

namespace Conformance.Pki;

/// <summary>
/// A per-run temporary folder (0700) for keys, certificates and rendered config files. Every file in it is
/// written 0600; the folder and everything in it is removed on dispose, by a second signal (it is a
/// <see cref="LiveResources"/> entry while it exists), and — when the run was killed outright — by the next run,
/// which finds it through its owner marker (<see cref="RemoveAbandoned"/>).
/// </summary>
public sealed class RunWorkspace : IDisposable, IEmergencyStop
{
    /// <summary>The marker naming the process that owns a workspace: "PID STARTTIME" (start time from /proc).</summary>
    public const string OwnerMarker = ".conformance-owner";

    /// <summary>The prefix every run workspace's folder name starts with (tests add to it).</summary>
    public const string DefaultPrefix = "conformance-";

    private static int _swept;
    private readonly IDisposable _registration;

    private RunWorkspace(string path)
    {
        Path = path;
        _registration = LiveResources.Register(this);
    }

    public string Path { get; }

    public string Describe => $"workspace {Path}";

    public static RunWorkspace Create(string prefix = DefaultPrefix)
    {
        var dir = Directory.CreateTempSubdirectory(prefix);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // The owner first, before any key: a run killed right after this line leaves a folder the next run can judge.
        if (OwnerStamp(Environment.ProcessId) is { } stamp)
        {
            PemWriter.WriteSecret(System.IO.Path.Combine(dir.FullName, OwnerMarker), stamp);
        }

        return new RunWorkspace(dir.FullName);
    }

    /// <summary>
    /// Removes, once per process, the run workspaces in the temp folder whose owner process is gone (a run killed with
    /// SIGKILL or by a power loss could not remove its keys). A folder is removed only when its marker names a process
    /// that no longer exists (or a recycled pid with another start time), never one of a run still alive, nor a folder
    /// without a marker. Returns the folders removed.
    /// </summary>
    public static IReadOnlyList<string> RemoveAbandoned(string? tempRoot = null)
    {
        if (tempRoot is null && Interlocked.Exchange(ref _swept, 1) == 1)
        {
            return [];
        }

        var removed = new List<string>();
        if (!Directory.Exists("/proc"))
        {
            // Liveness cannot be told without /proc: leave everything rather than risk a live run's keys.
            return removed;
        }

        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateDirectories(tempRoot ?? System.IO.Path.GetTempPath(), DefaultPrefix + "*").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return removed;
        }

        foreach (var dir in candidates)
        {
            string marker;
            try
            {
                marker = System.IO.File.ReadAllText(System.IO.Path.Combine(dir, OwnerMarker));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var parts = marker.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                || ProcessTree.StartTime(pid) == start)
            {
                continue;
            }

            try
            {
                Directory.Delete(dir, recursive: true);
                removed.Add(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's or in use: left alone.
            }
        }

        return removed;
    }

    /// <summary>Full path of <paramref name="name"/> inside the workspace.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public bool HoldsKeys => true;

    public void StopNow(TimeSpan within)
    {
        // The run's own cleanup may be deleting the same tree at this moment: two recursive deletes racing each
        // throw for what the other removed first and can leave empty folders, so passes go on until it is gone.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Dispose();
                if (!Directory.Exists(Path))
                {
                    return;
                }
            }
            catch (IOException)
            {
                // Another pass below, within the bound.
            }

            if (clock.Elapsed >= within)
            {
                return;
            }

            Thread.Sleep(10);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        _registration.Dispose();
    }

    private static string? OwnerStamp(int pid) => ProcessTree.StartTime(pid) is { } start
        ? string.Create(CultureInfo.InvariantCulture, $"{pid} {start}\n")
        : null;
}
