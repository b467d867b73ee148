using System.Globalization;

namespace Conformance.Pki;

/// <summary>
/// Replaces a certificate and its key together, as kubelet does for mounted Secrets: the new pair goes into a fresh
/// folder and one rename swaps the <c>..data</c> symlink, so no reader ever sees a new certificate with an old key.
/// Layout: <c>DIR/tls.crt -&gt; ..data/tls.crt</c>, <c>DIR/tls.key -&gt; ..data/tls.key</c>, <c>DIR/..data -&gt; ..&lt;stamp&gt;</c>.
/// </summary>
public static class CertificateSwap
{
    private const string DataLink = "..data";
    private const string TempLink = "..data_tmp";
    private static long _sequence;

    /// <summary>Creates the layout in <paramref name="directory"/> with the first pair (files 0600).</summary>
    public static void Initialise(string directory, IReadOnlyDictionary<string, string> files)
    {
        Directory.CreateDirectory(directory);
        var folder = WriteFolder(directory, files);
        var data = Path.Combine(directory, DataLink);
        File.Delete(data);
        File.CreateSymbolicLink(data, folder);
        foreach (var name in files.Keys)
        {
            var link = Path.Combine(directory, name);
            File.Delete(link);
            File.CreateSymbolicLink(link, Path.Combine(DataLink, name));
        }
    }

    /// <summary>Atomically swaps in a new set of files (same names); the previous folder is removed afterwards.</summary>
    public static void Swap(string directory, IReadOnlyDictionary<string, string> files)
    {
        var data = Path.Combine(directory, DataLink);
        var previous = new FileInfo(data).LinkTarget
            ?? throw new InvalidOperationException($"{data} is not a symlink: call Initialise first");
        var folder = WriteFolder(directory, files);
        var temp = Path.Combine(directory, TempLink);
        File.Delete(temp);
        File.CreateSymbolicLink(temp, folder);

        // rename(2) of the link itself over the old link: readers see either the old folder or the new one, never a mix.
        // (File.Move follows the link to check the source is a file, and throws for a link to a folder.)
        NativeRename.Rename(temp, data);

        foreach (var name in files.Keys)
        {
            var link = Path.Combine(directory, name);
            if (new FileInfo(link).LinkTarget is null)
            {
                File.Delete(link);
                File.CreateSymbolicLink(link, Path.Combine(DataLink, name));
            }
        }

        var old = Path.Combine(directory, previous);
        if (!string.Equals(Path.GetFileName(previous), folder, StringComparison.Ordinal) && Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }
    }

    // Writes ..<stamp>/ with the files and returns its name (relative, for a relative symlink).
    private static string WriteFolder(string directory, IReadOnlyDictionary<string, string> files)
    {
        var stamp = string.Create(
            CultureInfo.InvariantCulture,
            $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss}.{Interlocked.Increment(ref _sequence)}.{Guid.NewGuid().ToString("N")[..8]}");
        var path = Path.Combine(directory, stamp);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var (name, text) in files)
        {
            if (name.Contains('/', StringComparison.Ordinal) || name.StartsWith("..", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{name}' is not a plain file name", nameof(files));
            }

            PemWriter.WriteSecret(Path.Combine(path, name), text);
        }

        return stamp;
    }
}
