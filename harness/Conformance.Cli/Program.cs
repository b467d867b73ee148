using System.Runtime.InteropServices;
using Conformance.Cli;
using Conformance.Cli.Console;
using Conformance.Diagnostics;
using Conformance.Interruption;
using Conformance.Model;

StartupTrace.Mark("main entered");

// A short run's first console output and first TLS connection cost more than its scenarios' own work (Spectre's
// layout, OpenSSL, the system trust store, first calls): paid on the second core while the command line and the
// profile are read. Never awaited; it touches no target.
if (args.Length > 0 && args[0] == "run")
{
    _ = Conformance.Cli.Commands.RunWarmUp.Start();
}

// The first SIGINT (Ctrl+C) or SIGTERM cancels the run instead of killing the process: the run stops the target,
// removes its workspace and writes a partial report, all within 3 s (a watchdog enforces it). The second does not wait
// for that: it kills what the run started (process trees, containers, the namespace's deletion is started), removes
// the workspace, prints one line and exits within 1 s without the report. A third gets the default action.
using var interrupt = new CancellationTokenSource();
// Not disposed: the watchdog thread may still be inside Wait when Main returns.
var finished = new ManualResetEventSlim();
var signals = 0;
var firstExit = 0;
var firstName = string.Empty;

// Past this after the first signal, the run's own cleanup is not waited for any more (it is bounded well below it).
var watchdogAfter = TimeSpan.FromMilliseconds(2700);
var emergencyBound = TimeSpan.FromMilliseconds(600);

void Emergency(string why, int code)
{
    var stopped = LiveResources.Snapshot();
    LiveResources.StopAll(emergencyBound);
    var what = stopped.Count == 0 ? "nothing was running" : string.Join(", ", stopped.Select(s => s.Describe));
    Console.Error.WriteLine($"error: {why}: report skipped; stopped {what}; exit {code}");
    Console.Error.Flush();
    ImmediateExit.Now(code);
}

void OnSignal(PosixSignalContext context)
{
    var name = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
    var code = context.Signal == PosixSignal.SIGINT ? ExitCodes.Interrupted : ExitCodes.Terminated;
    switch (Interlocked.Increment(ref signals))
    {
        case 1:
            context.Cancel = true;
            firstExit = code;
            firstName = name;
            ProcessSignals.Received(code);
            new Thread(() =>
            {
                if (!finished.Wait(watchdogAfter))
                {
                    Emergency($"interrupted by {name}, cleanup not done within {watchdogAfter.TotalSeconds:0.#} s", code);
                }
            })
            { IsBackground = true, Name = "conformance interrupt watchdog" }.Start();
            interrupt.Cancel();
            break;
        case 2:
            // Not the default action: that would leave the target listening and its keys on disk.
            context.Cancel = true;
            Emergency($"second signal ({name} after {firstName})", firstExit);
            break;
        default:
            // A third ends it at once (the default action of the signal).
            context.Cancel = false;
            break;
    }
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
var code = await ConformanceApp.RunAsync(args, Console.Out, Console.Error, interrupt.Token);
if (ProcessSignals.ExitCode is { } signalled)
{
    // Whatever the run left (a step abandoned after the grace) goes now; normally nothing is listed any more.
    LiveResources.StopAll(emergencyBound);
    code = signalled;
    await Console.Error.WriteLineAsync($"error: interrupted by {firstName}: stopped, cleaned up, exit {code}");
}

finished.Set();
StartupTrace.Mark("exit");
return code;
