using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Conformance.Targets;

namespace Conformance.Tests.Support;

/// <summary>
/// The reference server as a real child process (<c>dotnet ReferenceServer.dll ARGS</c>): stdout and stderr captured,
/// ready once every given port accepts TCP (bounded wait), and the whole process tree killed on dispose.
/// </summary>
public sealed class ReferenceProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ReferenceProcess(Process process) => _process = process;

    /// <summary>Time from process start until every port accepted a connection.</summary>
    public TimeSpan StartupTime { get; private set; }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server and waits until every port in <paramref name="readyPorts"/> accepts TCP.</summary>
    public static async Task<ReferenceProcess> StartAsync(
        IEnumerable<string> args, IEnumerable<int> readyPorts, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var reference = new ReferenceProcess(Launch(args, environment));
        reference.Capture();
        var started = Stopwatch.StartNew();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ReadyTimeout);
            foreach (var port in readyPorts)
            {
                await reference.WaitForPortAsync(port, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reference.Dispose();
            throw new TimeoutException($"reference server not ready within {ReadyTimeout}; stderr: {reference.Stderr}");
        }
        catch
        {
            reference.Dispose();
            throw;
        }

        reference.StartupTime = started.Elapsed;
        return reference;
    }

    /// <summary>Runs the server expecting it to exit on its own (bad input); kills it if it is still running after the timeout.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(
        IEnumerable<string> args, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var reference = new ReferenceProcess(Launch(args, environment));
        reference.Capture();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await reference._process.WaitForExitAsync(deadline.Token);
        return (reference._process.ExitCode, reference.Stdout, reference.Stderr);
    }

    /// <summary>Waits, bounded by <paramref name="timeout"/>, for the process to exit on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM (as an orchestrator would) and waits, bounded, for the exit code.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task<int> TerminateAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill"))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone between the check and the kill.
        }

        _process.Dispose();
    }

    private static Process Launch(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (host, dll) = ReferenceLocator.Locate();
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the reference server");
    }

    private void Capture()
    {
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.Append(line).Append('\n');
        }
    }

    private async Task WaitForPortAsync(int port, CancellationToken deadline)
    {
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"reference server exited with {_process.ExitCode} before port {port} was ready; stderr: {Stderr}");
            }

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline);
                return;
            }
            catch (SocketException)
            {
                // Not bound yet: poll again until the deadline cancels the wait.
                await Task.Delay(TimeSpan.FromMilliseconds(25), deadline);
            }
        }
    }
}
