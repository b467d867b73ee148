using System.ComponentModel;
using System.Diagnostics;
using Conformance.Inputs;
using Conformance.Platform;

namespace Conformance.Cluster;

/// <summary>
/// Runs one external tool call to completion within a bound. On timeout or cancellation the tool and every process it
/// started are killed (kind runs docker, which may outlive it and hold the output pipes open).
/// </summary>
public sealed class ToolRunner
{
    private static readonly TimeSpan ReapBound = TimeSpan.FromSeconds(5);
    private readonly ToolLocator _locator;

    public ToolRunner(ToolLocator locator)
    {
        _locator = locator;
    }

    /// <summary>The locator the tools are found with.</summary>
    public ToolLocator Locator => _locator;

    /// <summary>Whether <paramref name="tool"/> is on the search path.</summary>
    public bool IsAvailable(ClusterTool tool) => _locator.Find(tool.Command) is not null;

    /// <summary>
    /// Runs <paramref name="tool"/> with <paramref name="arguments"/> and returns what it printed, whatever its exit code.
    /// Throws <see cref="ClusterException"/> when the tool is missing, cannot start, or outlives <paramref name="timeout"/>;
    /// <see cref="OperationCanceledException"/> (after killing it) when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<ToolResult> RunAsync(ClusterTool tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = _locator.Find(tool.Command) ?? throw ClusterException.Missing(tool, _locator.SearchPath);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the child gets this PATH: kind finds docker (and tests their fakes) through it.
        start.Environment["PATH"] = _locator.SearchPath;

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ClusterException($"{tool.Command} ({path}) could not be started: {e.Message}", e);
        }

        // Nothing is typed into these tools; a closed stdin makes any prompt fail instead of waiting.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ClusterException($"{Describe(tool, arguments)} did not finish within {Durations.Format(timeout)} and was killed");
        }

        var output = await Drain(stdout);
        var error = await Drain(stderr);
        return new ToolResult(process.ExitCode, output, error, stopwatch.Elapsed);
    }

    /// <summary>Runs the call and throws a one-line <see cref="ClusterException"/> unless it exits 0.</summary>
    public async Task<ToolResult> RunCheckedAsync(ClusterTool tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await RunAsync(tool, arguments, timeout, cancellationToken);
        return result.ExitCode == 0
            ? result
            : throw new ClusterException($"{Describe(tool, arguments)} failed (exit {result.ExitCode}): {result.FailureLine()}");
    }

    /// <summary>The command as a user would type it, cut after the sub-command words (paths and names follow).</summary>
    public static string Describe(ClusterTool tool, IReadOnlyList<string> arguments) =>
        string.Join(' ', arguments.TakeWhile(a => !a.StartsWith('-')).Take(2).Prepend(tool.Command));

    private static async Task KillAsync(Process process)
    {
        // Remember the descendants first: once the tool dies they are re-parented and no longer part of its tree.
        var tree = ProcessTree.Descendants(process.Id);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }

        ProcessTree.KillSurvivors(tree);
        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(ReapBound);
        }
        catch (TimeoutException)
        {
            // A process that survives SIGKILL for 5 s is the kernel's business; the caller still gets its answer now.
        }
    }

    private static async Task<string> Drain(Task<string> reader)
    {
        try
        {
            return await reader.WaitAsync(ReapBound);
        }
        catch (TimeoutException)
        {
            // A grandchild kept the pipe open after the tool exited: what was read so far is lost, the call is not.
            return string.Empty;
        }
    }
}
