using System.Runtime.InteropServices;
using Conformance.Cli;
using Conformance.Model;

// SIGINT (Ctrl+C) and SIGTERM cancel the run instead of killing the process, so it can stop the target, remove the
// run workspace and write a partial report; a second signal while that happens terminates at once.
using var interrupt = new CancellationTokenSource();
PosixSignal? received = null;
void OnSignal(PosixSignalContext context)
{
    if (interrupt.IsCancellationRequested)
    {
        return;
    }

    context.Cancel = true;
    received = context.Signal;
    interrupt.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
var code = await ConformanceApp.RunAsync(args, Console.Out, Console.Error, interrupt.Token);
if (received is { } signal)
{
    var name = signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
    code = signal == PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Terminated;
    await Console.Error.WriteLineAsync($"error: interrupted by {name}: stopped, cleaned up, exit {code}");
}

return code;
