using System.Diagnostics;

namespace Conformance.Suites.Tests.Support;

/// <summary>
/// The real <c>conformance</c> CLI as a child process (<c>dotnet conformance.dll …</c> from the test's output folder,
/// where the project reference puts it with its fixtures and the reference server), with its output captured line
/// by line so a test can wait on progress instead of sleeping.
/// </summary>
internal sealed class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _out = [];
    private readonly List<string> _err = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private CliProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _out);
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _err);
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    /// <summary>An environment variable the process was started with.</summary>
    public string EnvironmentVariable(string name) => _process.StartInfo.Environment[name] ?? string.Empty;

    /// <summary>The dotnet host: DOTNET_HOST_PATH (set by the SDK), DOTNET_ROOT, or <c>dotnet</c> on PATH.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet")
        : "dotnet";

    public static CliProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        StartCommand(DotnetHost, [Path.Combine(AppContext.BaseDirectory, "conformance.dll"), .. args], environment, workingDirectory);

    /// <summary>Starts any command (e.g. an installed tool) the same way.</summary>
    public static CliProcess StartCommand(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        var process = new Process { StartInfo = info };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Add(cli._out, e.Data);
        process.ErrorDataReceived += (_, e) => cli.Add(cli._err, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to completion (bounded) and returns exit code and output.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string fileName, IEnumerable<string> args, TimeSpan within, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        await using var cli = StartCommand(fileName, args, environment, workingDirectory);
        if (!await cli.WaitForExitAsync(within, ct))
        {
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {within}: {cli.Stdout}\n{cli.Stderr}");
        }

        return (cli.ExitCode, cli.Stdout, cli.Stderr);
    }

    /// <summary>Waits until a stdout line matches, the process exits, or the deadline passes; true when a line matched.</summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> match, TimeSpan within, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(within);
        while (true)
        {
            lock (_gate)
            {
                if (_out.Any(match))
                {
                    return true;
                }
            }

            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>Waits for exit (output drained); false when the deadline passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(within);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            lines.Add(line);
        }

        _lineArrived.Release();
    }
}
