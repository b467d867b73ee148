using System.Runtime.InteropServices;

namespace Conformance.Suites.Tests.Support;

/// <summary>kill(2): a signal to a pid, or to a whole process group with a negative pid, sent at once (no kill(1) to start).</summary>
internal static partial class PosixKill
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/>; false when the call failed (no such process or group).</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
