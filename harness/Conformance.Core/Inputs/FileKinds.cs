using System.Runtime.InteropServices;

namespace Conformance.Inputs;

/// <summary>
/// The type of a file without opening it. <c>statx(2)</c>, because its buffer layout is the same on every Linux
/// architecture (<c>struct stat</c> is not); elsewhere, or on an old libc, what .NET can tell (file, folder, missing).
/// </summary>
public static partial class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private static bool _noStatx;

    /// <summary>What <paramref name="path"/> names (symbolic links followed: <c>/dev/stdin</c> is the pipe or file behind it).</summary>
    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsLinux() && !_noStatx)
        {
            try
            {
                return Statx(path);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _noStatx = true;
            }
        }

        return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>Words for a kind, as in "is a FIFO (named pipe)".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a directory",
        FileKind.CharacterDevice => "a character device (like /dev/zero or a terminal)",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        FileKind.Regular => "a regular file",
        FileKind.Missing => "missing",
        FileKind.Inaccessible => "not accessible",
        _ => "not a regular file",
    };

    private static unsafe FileKind Statx(string path)
    {
        // struct statx is 256 bytes; stx_mode (u16) sits at offset 28 on every architecture.
        var buffer = stackalloc byte[256];
        if (NativeStatx(AtFdCwd, path, 0, StatxType, buffer) != 0)
        {
            // ENOENT, ENOTDIR: not there; anything else (EACCES on a parent folder...): there but not ours to read.
            return Marshal.GetLastPInvokeError() is 2 or 20 ? FileKind.Missing : FileKind.Inaccessible;
        }

        var mode = *(ushort*)(buffer + ModeOffset) & 0xF000;
        return mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int NativeStatx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
