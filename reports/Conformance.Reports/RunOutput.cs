using System.Globalization;

namespace Conformance.Reports;

/// <summary>The <c>runs/</c> folder layout: one folder per run, named by its UTC start, plus <c>runs/latest/</c>.</summary>
public static class RunOutput
{
    public const string Latest = "latest";

    /// <summary>
    /// Creates <c>runsRoot/yyyyMMdd-HHmmss-fffZ</c> and returns its path. If that name is taken (two runs in the same
    /// millisecond, or a clock set back) it tries <c>-2</c>, <c>-3</c>, …: an earlier run is never overwritten.
    /// </summary>
    public static string CreateRunFolder(string runsRoot, DateTimeOffset startedUtc) => CreateFolder(runsRoot, string.Empty, startedUtc);

    /// <summary>
    /// Creates <c>runsRoot/{prefix}yyyyMMdd-HHmmss-fffZ</c> (e.g. a qualification report's folder) the same way: a
    /// name already taken gets <c>-2</c>, <c>-3</c>, ….
    /// </summary>
    public static string CreateFolder(string runsRoot, string prefix, DateTimeOffset startedUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(runsRoot);
        ArgumentNullException.ThrowIfNull(prefix);
        Directory.CreateDirectory(runsRoot);
        var stamp = prefix + startedUtc.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + "Z";
        for (var n = 1; n < 10_000; n++)
        {
            var candidate = Path.Combine(runsRoot, n == 1 ? stamp : $"{stamp}-{n.ToString(CultureInfo.InvariantCulture)}");

            // A file of that name counts as taken too; Directory.CreateDirectory would fail on it anyway.
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                continue;
            }

            Directory.CreateDirectory(candidate);
            return candidate;
        }

        throw new IOException($"{runsRoot}: could not find a free run folder name for {stamp}");
    }

    /// <summary>
    /// Replaces <c>runsRoot/latest/</c> with a copy of <paramref name="runFolder"/> (a copy, not a symlink, so it works
    /// on every file system and in CI artifact uploads). The copy is staged beside it and swapped in, so readers see the
    /// previous latest or the new one, not a half-copied folder, for all but the moment of the swap.
    /// </summary>
    public static string UpdateLatest(string runsRoot, string runFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(runsRoot);
        ArgumentException.ThrowIfNullOrEmpty(runFolder);
        var source = Path.GetFullPath(runFolder);
        var latest = Path.GetFullPath(Path.Combine(runsRoot, Latest));
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"{runFolder}: run folder does not exist");
        }

        if (string.Equals(source.TrimEnd(Path.DirectorySeparatorChar), latest, StringComparison.Ordinal))
        {
            throw new ArgumentException("the run folder is the latest folder itself", nameof(runFolder));
        }

        var staging = Path.Combine(Path.GetFullPath(runsRoot), $".latest-{Guid.NewGuid():N}");
        try
        {
            Copy(source, staging);
            if (Directory.Exists(latest))
            {
                // A symlink someone made by hand is removed as a link; its target is left alone.
                if (new DirectoryInfo(latest).LinkTarget is not null)
                {
                    Directory.Delete(latest);
                }
                else
                {
                    Directory.Delete(latest, recursive: true);
                }
            }
            else if (File.Exists(latest))
            {
                File.Delete(latest);
            }

            Directory.Move(staging, latest);
            return latest;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
