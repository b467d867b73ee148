using System.Runtime.InteropServices;
using System.Text;

namespace Conformance.Tests.Support;

/// <summary>
/// A kubelet-style mounted Secret for the reload tests: <c>DIR/..vN/{tls.crt,tls.key}</c>, <c>DIR/..data -&gt; ..vN</c>,
/// <c>DIR/tls.crt -&gt; ..data/tls.crt</c> (same for the key). <see cref="Swap"/> writes a fresh <c>..vN</c>, points a new
/// <c>..data_tmp</c> link at it and renames that link over <c>..data</c> in one rename(2), as kubelet does.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KubeletSecretDir
{
    private int _version;

    public KubeletSecretDir(string directory, string certificatePem, string keyPem)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        var first = WriteVersion(certificatePem, keyPem);
        File.CreateSymbolicLink(DataLink, first);
        File.CreateSymbolicLink(Cert, "..data/tls.crt");
        File.CreateSymbolicLink(Key, "..data/tls.key");
    }

    public string Directory { get; }

    public string Cert => Path.Combine(Directory, "tls.crt");

    public string Key => Path.Combine(Directory, "tls.key");

    private string DataLink => Path.Combine(Directory, "..data");

    /// <summary>Atomically replaces both files; returns the name the <c>..data</c> link now points at.</summary>
    public string Swap(string certificatePem, string keyPem)
    {
        var next = WriteVersion(certificatePem, keyPem);
        var tmp = Path.Combine(Directory, "..data_tmp");
        File.CreateSymbolicLink(tmp, next);
        // One rename(2) of the link itself replaces the old ..data link. File.Move cannot: measured here, it resolves the
        // link, finds a directory and throws FileNotFoundException; Directory.Move refuses an existing destination.
        if (Rename(tmp, DataLink) != 0)
        {
            throw new IOException($"rename {tmp} -> {DataLink} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return new FileInfo(DataLink).LinkTarget ?? throw new InvalidOperationException("..data is no longer a symlink");
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    private string WriteVersion(string certificatePem, string keyPem)
    {
        var name = $"..v{++_version}";
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(Directory, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "tls.crt"), certificatePem, Encoding.ASCII);
        File.WriteAllText(Path.Combine(folder, "tls.key"), keyPem, Encoding.ASCII);
        File.SetUnixFileMode(Path.Combine(folder, "tls.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return name;
    }
}
