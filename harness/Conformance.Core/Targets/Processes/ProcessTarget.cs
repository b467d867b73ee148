using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using Conformance.Inputs;
using Conformance.Interruption;
using Conformance.Logs;
using Conformance.Model;
using Conformance.Platform;
using Conformance.Profiles;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Conformance.Targets.Processes;

/// <summary>
/// A local command: started with its arguments, stdout/stderr captured line by line with arrival times, ready when
/// its ready port accepts TCP (bounded Polly wait), stopped with SIGTERM then killed (whole tree) after the stop timeout.
/// </summary>
public sealed class ProcessTarget(ResolvedTargetSpec spec, TimeProvider time) : ISupervisedTarget, IEmergencyStop, IExitReportingTarget
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    // Output pipes may stay open after the process exits (a grandchild inherited them); never wait on them unbounded.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly List<LogLine> _logs = [];
    private Process? _process;
    private Task _readers = Task.CompletedTask;
    private int? _exitCode;
    private string? _lastStderr;
    private string? _lastLine;
    private bool _exitedBeforeReady;
    private IDisposable? _live;

    // The descendants last seen (at ready, at a stop): a wrapper that dies on a signal leaves its children re-parented,
    // where no fresh read of the tree finds them; these are killed by every stop (start times guard recycled pids).
    private IReadOnlyList<(int Pid, long StartTime)> _knownTree = [];

    public ResolvedTargetSpec Spec { get; } = spec;

    public TimeProvider Time { get; } = time;

    public TargetKind Kind => TargetKind.Process;

    public TimeSpan ReadyWithin => Spec.ReadyWithin;

    public bool SupportsActions => true;

    public IReadOnlyList<LogLine> Logs
    {
        get
        {
            lock (_gate)
            {
                return [.. _logs];
            }
        }
    }

    /// <summary>The process was started and has exited (on its own or by a stop).</summary>
    public bool HasExited => _exitCode is not null || (_process is { } p && Exited(p));

    /// <summary>Exit code once the process has exited; null while it runs or before it started.</summary>
    public int? ExitCode => _exitCode ?? (_process is { } p && Exited(p) ? p.ExitCode : null);

    /// <summary>
    /// What messages call the command: the path as written, or the dll for <c>dotnet some.dll</c> (the embedded
    /// reference), where "dotnet exited with code 1" would name the host rather than the server.
    /// </summary>
    public string DisplayName =>
        Spec.FileName is { } file && Path.GetFileNameWithoutExtension(file) == "dotnet" && Spec.Arguments.Count > 0 && Spec.Arguments[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFileName(Spec.Arguments[0])
            : Spec.FileName ?? "(no command)";

    /// <summary>True after <see cref="StopAsync"/> until the next start: an exit the harness caused, not a crash.</summary>
    public bool StoppedByHarness { get; private set; }

    /// <summary>The running process's id, or null.</summary>
    public int? ProcessId => _process is { } p && !Exited(p) ? p.Id : null;

    /// <summary>
    /// Throws <see cref="TargetException"/> when something already accepts connections on the ready port: readiness
    /// (and every verdict after it) would be judged on that other process, not this one. A run calls it before the
    /// first start.
    /// </summary>
    public async Task EnsureReadyPortFreeAsync(CancellationToken cancellationToken)
    {
        if (Spec.ReadyPort is { } taken &&
            await TcpReadiness.TryConnectAsync(Spec.Host, taken, AttemptTimeout, Time, cancellationToken) == SocketError.Success)
        {
            throw new TargetException($"port {taken} on {Spec.Host} is already in use before {DisplayName} started (another process listens on it)");
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_process is { } running && !Exited(running))
        {
            throw new TargetException($"{DisplayName} is already running (pid {running.Id})");
        }

        var command = Spec.FileName ?? throw new TargetException("the process target has no command");
        var resolved = ResolveCommand(command) ?? throw new TargetException($"command not found: {command}");
        var info = new ProcessStartInfo(resolved)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // A pipe that stays open: the server neither inherits the harness's console nor sees end-of-input.
            RedirectStandardInput = true,
            CreateNoWindow = true,
            WorkingDirectory = Spec.WorkingDirectory,
        };
        foreach (var arg in Spec.Arguments)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Spec.Environment)
        {
            info.Environment[name] = value;
        }

        StoppedByHarness = false;
        _process?.Dispose();
        _process = null;
        _exitCode = null;
        _lastStderr = null;
        _lastLine = null;
        _exitedBeforeReady = false;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new TargetException($"cannot start {command}");
        }
        catch (Win32Exception e)
        {
            throw new TargetException($"cannot start {command}: {e.Message}", e);
        }

        _process = process;
        _live?.Dispose();
        _live = LiveResources.Register(this);
        _readers = Task.WhenAll(
            Task.Run(() => PumpAsync(process.StandardOutput, "stdout"), CancellationToken.None),
            Task.Run(() => PumpAsync(process.StandardError, "stderr"), CancellationToken.None));

        if (Spec.ReadyPort is not { } port)
        {
            return;
        }

        try
        {
            await WaitReadyAsync(process, DisplayName, port, cancellationToken);
            _knownTree = ProcessTree.Descendants(process.Id);
        }
        catch
        {
            // A failed start leaves nothing running.
            await StopAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Starts the process like <see cref="StartAsync"/>, but reports "exited before it was ready" and "not ready in time"
    /// as results instead of exceptions (a refusal to start is what some scenarios expect). The process is left running
    /// only when it became ready. Infrastructure problems (command not found) still throw <see cref="TargetException"/>.
    /// </summary>
    public async Task<StartOutcome> TryStartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await StartAsync(cancellationToken);
            return StartOutcome.Ready;
        }
        catch (TargetException) when (_process is not null && _exitedBeforeReady)
        {
            return StartOutcome.Exited;
        }
        catch (TargetException) when (_process is not null && HasExited)
        {
            // Not ready within the wait: StartAsync already stopped it.
            return StartOutcome.NotReady;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        StoppedByHarness = true;
        if (!Exited(process))
        {
            var tree = ProcessTree.Descendants(process.Id);
            _knownTree = [.. _knownTree, .. tree];
            var graceful = NativeSignals.Send(process.Id, NativeSignals.SigTerm);
            if (graceful)
            {
                using var deadline = new CancellationTokenSource(Spec.StopTimeout, Time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
                try
                {
                    await process.WaitForExitAsync(linked.Token);
                }
                catch (OperationCanceledException)
                {
                    // Stop timeout or caller cancellation: fall through to the kill, so nothing is left behind either way.
                }
            }

            if (!Exited(process))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It exited between the check and the kill.
                }

                using var killDeadline = new CancellationTokenSource(Spec.StopTimeout + TimeSpan.FromSeconds(5), Time);
                try
                {
                    await process.WaitForExitAsync(killDeadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TargetException($"{DisplayName} (pid {process.Id}) did not exit after SIGKILL");
                }
            }

            ProcessTree.KillSurvivors(tree);
        }

        ProcessTree.KillSurvivors(_knownTree);
        _knownTree = [];
        _live?.Dispose();
        _live = null;
        await DrainAsync();
        _exitCode = process.ExitCode;
        cancellationToken.ThrowIfCancellationRequested();
    }

    public string Describe => $"{DisplayName} (pid {ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "exited"})";

    /// <summary>SIGKILL to the process and every descendant, no grace: after a second signal, or a stop that ran out of time.</summary>
    public void StopNow(TimeSpan within)
    {
        StoppedByHarness = true;
        if (_process is { } process)
        {
            ProcessTree.KillTree(process);
        }

        ProcessTree.KillSurvivors(_knownTree);
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (a POSIX signal number, e.g. 1 for HUP) to the process with kill(2). Throws
    /// <see cref="TargetException"/> when it is not running or the signal could not be delivered.
    /// </summary>
    public Task SignalAsync(int signal, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_process is not { } process || Exited(process))
        {
            throw new TargetException($"{DisplayName} is not running: cannot send signal {signal}");
        }

        if (!NativeSignals.Send(process.Id, signal))
        {
            throw new TargetException($"cannot send signal {signal} to {DisplayName} (pid {process.Id})");
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Waits up to <paramref name="within"/> for the process to exit by itself (nothing is sent to it); true when it
    /// has exited (also when it had already), with its output drained and <see cref="ExitCode"/> set.
    /// </summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        if (_process is not { } process)
        {
            return false;
        }

        if (!Exited(process))
        {
            using var deadline = new CancellationTokenSource(within, Time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        await DrainAsync();
        _exitCode = process.ExitCode;
        return true;
    }

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        // The same resolved spec, hence the same ports: clients and scenarios keep their addresses.
        await StopAsync(cancellationToken);
        await StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _process?.Dispose();
        _process = null;
    }

    private async Task WaitReadyAsync(Process process, string command, int port, CancellationToken cancellationToken)
    {
        var pipeline = new ResiliencePipelineBuilder<bool> { TimeProvider = Time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = Spec.ReadyWithin })
            .AddRetry(new RetryStrategyOptions<bool>
            {
                ShouldHandle = new PredicateBuilder<bool>().HandleResult(false),
                MaxRetryAttempts = int.MaxValue,
                Delay = RetryDelay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(
                async ct =>
                {
                    if (Exited(process))
                    {
                        return await ExitedBeforeReady(process, command);
                    }

                    return await TcpReadiness.TryConnectAsync(Spec.Host, port, AttemptTimeout, Time, ct) == SocketError.Success;
                },
                cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            if (Exited(process))
            {
                await ExitedBeforeReady(process, command);
            }

            throw new TargetException($"{command} was not ready on port {port} within {Durations.Format(Spec.ReadyWithin)}; last output: {_lastLine ?? "(none)"}");
        }
    }

    private async Task<bool> ExitedBeforeReady(Process process, string command)
    {
        await DrainAsync();
        _exitCode = process.ExitCode;
        _exitedBeforeReady = true;
        throw new TargetException($"{command} exited with code {process.ExitCode} before it was ready: {_lastStderr ?? _lastLine ?? "(no output)"}");
    }

    private async Task PumpAsync(StreamReader reader, string source)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            var entry = new LogLine(Time.GetUtcNow(), source, line);
            lock (_gate)
            {
                _logs.Add(entry);
                _lastLine = line;
                if (source == "stderr")
                {
                    _lastStderr = line;
                }
            }
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            await _readers.WaitAsync(DrainTimeout, Time);
        }
        catch (TimeoutException)
        {
            // A descendant still holds the pipes; what arrived so far is all there is.
        }
        catch (IOException)
        {
            // The pipe broke with the process; nothing more to read.
        }
    }

    private static bool Exited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>The executable a command names: a path as given, or the first match on PATH (no shell involved).</summary>
    private static string? ResolveCommand(string command)
    {
        if (command.Contains('/', StringComparison.Ordinal) || command.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(command))
        {
            return File.Exists(command) ? command : null;
        }

        var extensions = OperatingSystem.IsWindows() ? new[] { string.Empty, ".exe", ".cmd" } : [string.Empty];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var ext in extensions)
            {
                var candidate = Path.Combine(dir, command + ext);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
