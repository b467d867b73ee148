using System.Runtime.InteropServices;

namespace Conformance.Platform;

/// <summary>POSIX signals for graceful stops: .NET's <see cref="System.Diagnostics.Process.Kill()"/> only sends SIGKILL, which gives a server no chance to close its listeners.</summary>
internal static partial class NativeSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone or the call failed.</summary>
    public static bool Send(int pid, int signal) => !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
