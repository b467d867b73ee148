using System.Runtime.InteropServices;

namespace Conformance.Interruption;

/// <summary>
/// Ends the process at once with an exit code: _exit(2), no managed shutdown (ProcessExit handlers, a load's threads
/// winding down), which on a loaded machine can take longer than the second a second signal allows. Callers flush what
/// they wrote first.
/// </summary>
public static partial class ImmediateExit
{
    public static void Now(int code)
    {
        if (!OperatingSystem.IsWindows())
        {
            Exit(code);
        }

        Environment.Exit(code);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int status);
}
