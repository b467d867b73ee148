using System.Diagnostics;
using System.Globalization;
using Conformance.Suites.Tests.Support;
using Conformance.Targets.Containers;

namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// The moments the interruption matrix signals at, each a condition on what the run shows (a progress line, the
/// certificate's swap, the hung target's marker, a container of the run), waited for with a deadline, never a sleep.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class InterruptMoments
{
    public static readonly TimeSpan MomentWithin = TimeSpan.FromSeconds(150);

    public static Task<bool> FirstResult(CliProcess cli, string tmp, CancellationToken ct) =>
        cli.WaitForLineAsync(l => l.Contains(" 1/", StringComparison.Ordinal), MomentWithin, ct);

    /// <summary>RT-05 printed: RT-01 (thousands of requests under load, then the restore) is running now.</summary>
    public static Task<bool> Rt05Done(CliProcess cli, string tmp, CancellationToken ct) =>
        cli.WaitForLineAsync(l => l.Contains("RT-05", StringComparison.Ordinal), MomentWithin, ct);

    /// <summary>
    /// RT-01's restore: after RT-05, the live certificate's <c>..data</c> link changes once for the rotation and once
    /// more when the restore puts the original back; the signal goes right after the second change.
    /// </summary>
    public static async Task<bool> RestoreStarted(CliProcess cli, string tmp, CancellationToken ct)
    {
        if (!await Rt05Done(cli, tmp, ct))
        {
            return false;
        }

        var link = Directory.EnumerateDirectories(tmp, "live", SearchOption.AllDirectories).Select(d => Path.Combine(d, "..data")).FirstOrDefault();
        if (link is null)
        {
            return false;
        }

        var seen = new FileInfo(link).LinkTarget;
        var changes = 0;
        var clock = Stopwatch.StartNew();
        while (changes < 2 && clock.Elapsed < MomentWithin && !cli.HasExited)
        {
            string? now;
            try
            {
                now = new FileInfo(link).LinkTarget;
            }
            catch (IOException)
            {
                now = seen;
            }

            if (now is not null && now != seen)
            {
                changes++;
                seen = now;
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), ct);
            }
        }

        return changes == 2;
    }

    /// <summary>The hung target runs (the harness is waiting for it to listen, which it never does).</summary>
    public static Task<bool> HungStarted(CliProcess cli, string tmp, CancellationToken ct) =>
        WithinAsync(() => Task.FromResult(SessionProcesses.InSession(cli.Id).Any(p => p.Command.Contains("hung-target.py", StringComparison.Ordinal))), MomentWithin, ct);

    /// <summary>The hung target accepted the readiness check and the served check's connection, which now waits on it.</summary>
    public static async Task<bool> HungProbed(CliProcess cli, string tmp, CancellationToken ct)
    {
        var marker = cli.EnvironmentVariable("HUNG_MARKER");
        return await WithinAsync(
            () =>
            {
                try
                {
                    return Task.FromResult(int.TryParse(File.ReadAllText(marker).Trim(), CultureInfo.InvariantCulture, out var n) && n >= 2);
                }
                catch (IOException)
                {
                    return Task.FromResult(false);
                }
            },
            MomentWithin,
            ct);
    }

    public static async Task<bool> ContainerCreatedAsync(Docker.DotNet.IDockerClient client, CliProcess cli, CancellationToken ct) =>
        await WithinAsync(async () => (await OwnedAsync(client, cli, ct)).Count > 0, MomentWithin, ct);

    /// <summary>Containers and networks labelled with the CLI's pid.</summary>
    public static async Task<List<string>> OwnedAsync(Docker.DotNet.IDockerClient client, CliProcess cli, CancellationToken ct)
    {
        var pid = cli.Id.ToString(CultureInfo.InvariantCulture);
        var containers = await DockerEngine.ListHarnessContainersAsync(client, null, ct);
        var networks = await DockerEngine.ListHarnessNetworksAsync(client, null, ct);
        return [.. containers.Where(c => c.Labels.TryGetValue(DockerEngine.PidLabel, out var p) && p == pid).Select(c => c.ID),
            .. networks.Where(n => n.Labels.TryGetValue(DockerEngine.PidLabel, out var p) && p == pid).Select(n => n.ID)];
    }

    public static async Task<bool> WithinAsync(Func<Task<bool>> condition, TimeSpan within, CancellationToken ct)
    {
        try
        {
            await Poll.UntilAsync(condition, within, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
