using System.Runtime.InteropServices;

namespace Conformance.Pki;

/// <summary>
/// rename(2) on the link itself. <see cref="File.Move(string, string, bool)"/> cannot do this for a symlink to a folder:
/// it checks that the source is a file by following the link and throws FileNotFoundException.
/// </summary>
internal static partial class NativeRename
{
    public static void Rename(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(from, to, overwrite: true);
            return;
        }

        if (RenameNative(from, to) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"rename {from} -> {to} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
    }

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string from, string to);
}
