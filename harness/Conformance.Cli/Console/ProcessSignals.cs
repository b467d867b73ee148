namespace Conformance.Cli.Console;

/// <summary>
/// What Program learned from the operating system: the exit code of the first SIGINT (130) or SIGTERM (143) that
/// cancelled the run, null while none arrived (or when a test cancels a run in-process, which counts as SIGINT).
/// </summary>
internal static class ProcessSignals
{
    private static int _exitCode;

    public static int? ExitCode => Volatile.Read(ref _exitCode) is > 0 and var code ? code : null;

    public static void Received(int exitCode) => Interlocked.CompareExchange(ref _exitCode, exitCode, 0);
}
