namespace Conformance.Pki;

/// <summary>
/// A per-run temporary folder (0700) for keys, certificates and rendered config files. Every file in it is
/// written 0600; the folder and everything in it is removed on dispose.
/// </summary>
public sealed class RunWorkspace : IDisposable
{
    private RunWorkspace(string path) => Path = path;

    public string Path { get; }

    public static RunWorkspace Create(string prefix = "conformance-")
    {
        var dir = Directory.CreateTempSubdirectory(prefix);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new RunWorkspace(dir.FullName);
    }

    /// <summary>Full path of <paramref name="name"/> inside the workspace.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
