using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// A run killed outright (SIGKILL) leaves its workspace with its keys; the next run removes it at its start, and never
/// the workspace of a run that is still alive.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(InterruptCollection.Name)]
public sealed class WorkspaceSweepTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-sweep-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_run_killed_with_SIGKILL_leaves_its_keys_which_the_next_run_removes_at_its_start()
    {
        var ct = TestContext.Current.CancellationToken;
        var tmp = Directory.CreateDirectory(_dir.File("sigkill-tmp")).FullName;
        var environment = new Dictionary<string, string> { ["TMPDIR"] = tmp, ["DOTNET_EnableDiagnostics"] = "0" };
        var dll = Path.Combine(AppContext.BaseDirectory, "conformance.dll");
        string workspace;
        await using (var killed = CliProcess.StartCommand("setsid", [CliProcess.DotnetHost, dll, "run", "--out", _dir.File("sigkill-runs-1"), "--scenario", "PT-01", "--scenario", "RT-05"], environment))
        {
            // PT-01 has its result, RT-05 (seconds of load) runs: the workspace holds the run's keys.
            Assert.True(await InterruptMoments.FirstResult(killed, tmp, ct), $"no progress:\n{killed.Stdout}\n{killed.Stderr}");
            workspace = Assert.Single(Directory.EnumerateDirectories(tmp, "conformance-*"));
            Assert.True(PosixKill.Send(-killed.Id, 9), "kill -9 of the group failed");
            Assert.True(await killed.WaitForExitAsync(TimeSpan.FromSeconds(10), ct));
        }

        Assert.NotEmpty(Directory.EnumerateFiles(workspace, "*.key", SearchOption.AllDirectories));

        await using var next = CliProcess.StartCommand(CliProcess.DotnetHost, [dll, "run", "--out", _dir.File("sigkill-runs-2"), "--scenario", "PT-01"], environment);
        Assert.True(await next.WaitForExitAsync(TimeSpan.FromSeconds(120), ct), next.Stdout);

        Assert.True(next.ExitCode == ExitCodes.Conformant, $"{next.Stdout}\n{next.Stderr}");
        Assert.Contains("removed 1 workspace(s) left by killed runs", next.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace));
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
    }

    [Fact]
    public void Workspaces_whose_owner_is_gone_are_removed_and_those_of_live_runs_never()
    {
        var root = Directory.CreateDirectory(_dir.File("tmp-sweep")).FullName;

        // A dead owner: a pid that cannot exist (above pid_max), and a live pid with another start time (recycled).
        var dead = Workspace(root, "conformance-dead-", $"{int.MaxValue} 1");
        var recycled = Workspace(root, "conformance-recycled-", $"{Environment.ProcessId} 1");
        var live = Workspace(root, "conformance-live-", File.ReadAllText(Path.Combine(_dir.Path, RunWorkspace.OwnerMarker)));
        var unmarked = Directory.CreateDirectory(Path.Combine(root, "conformance-unmarked-x")).FullName;
        var foreign = Workspace(root, "other-", $"{int.MaxValue} 1");

        var removed = RunWorkspace.RemoveAbandoned(root);

        Assert.Equal([dead, recycled], removed.Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(dead));
        Assert.False(Directory.Exists(recycled));
        Assert.True(File.Exists(Path.Combine(live, "tls.key")), "the workspace of a live run was touched");
        Assert.True(Directory.Exists(unmarked));
        Assert.True(Directory.Exists(foreign));
    }

    private static string Workspace(string root, string prefix, string marker)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, prefix + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.WriteAllText(Path.Combine(dir, RunWorkspace.OwnerMarker), marker);
        File.WriteAllText(Path.Combine(dir, "tls.key"), "not a key");
        return dir;
    }
}
