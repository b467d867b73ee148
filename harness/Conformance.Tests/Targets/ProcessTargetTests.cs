using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Conformance.Model;
using Conformance.Platform;
using Conformance.Targets;
using Conformance.Targets.Processes;

namespace Conformance.Tests.Targets;

public sealed class ProcessTargetTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_waits_until_the_ready_port_accepts_connections()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = PortAllocator.Allocate();
        await using var target = new ProcessTarget(Spec("/bin/sh", ["-c", "echo started; exec sleep 30"], port), TimeProvider.System);

        var start = target.StartAsync(ct);
        await Eventually.TrueAsync(() => target.Logs.Any(l => l.Text == "started"), Within, "the process printed 'started'");
        Assert.False(start.IsCompleted, "ready before anything listened on the port");

        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        await start.WaitAsync(Within, ct);

        Assert.False(target.HasExited);
        Assert.Null(target.ExitCode);
        Assert.NotNull(target.ProcessId);
    }

    [Fact]
    public async Task A_process_that_exits_before_it_is_ready_reports_its_exit_code_and_last_stderr_line()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var target = new ProcessTarget(
            Spec("/bin/sh", ["-c", "echo starting; echo 'first problem' >&2; echo 'cannot read tls.key' >&2; exit 3"], PortAllocator.Allocate()),
            TimeProvider.System);

        var e = await Assert.ThrowsAsync<TargetException>(() => target.StartAsync(ct));

        Assert.Equal("/bin/sh exited with code 3 before it was ready: cannot read tls.key", e.Message);
        Assert.True(target.HasExited);
        Assert.Equal(3, target.ExitCode);
    }

    [Theory]
    [InlineData("/nonexistent/server")]
    [InlineData("no-such-command-conformance")]
    public async Task A_missing_command_is_named(string command)
    {
        await using var target = new ProcessTarget(Spec(command, [], PortAllocator.Allocate()), TimeProvider.System);

        var e = await Assert.ThrowsAsync<TargetException>(() => target.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal($"command not found: {command}", e.Message);
        Assert.False(target.HasExited);
    }

    [Fact]
    public async Task A_process_that_never_gets_ready_fails_within_the_bound_and_is_stopped()
    {
        var port = PortAllocator.Allocate();
        await using var target = new ProcessTarget(
            Spec("/bin/sh", ["-c", "echo waiting for nothing; exec sleep 30"], port, within: TimeSpan.FromSeconds(1)),
            TimeProvider.System);
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<TargetException>(() => target.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal($"/bin/sh was not ready on port {port} within 1s; last output: waiting for nothing", e.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));
        Assert.True(target.HasExited, "a failed start must not leave the process running");
    }

    [Fact]
    public async Task Stop_sends_sigterm_and_reaps_children_the_parent_left_behind()
    {
        var ct = TestContext.Current.CancellationToken;

        // sh dies on SIGTERM while its background sleep would live on, re-parented: the stop must find it anyway.
        await using var target = new ProcessTarget(Spec("/bin/sh", ["-c", "sleep 300 & echo child $!; wait"]), TimeProvider.System);
        await target.StartAsync(ct);
        var child = await ChildPid(target);
        Assert.True(ProcessTree.IsAlive(child));

        await target.StopAsync(ct);

        Assert.True(target.HasExited);
        Assert.Equal(128 + 15, target.ExitCode);
        await Eventually.TrueAsync(() => !ProcessTree.IsAlive(child), Within, $"child {child} is gone");
    }

    [Fact]
    public async Task Stop_kills_the_whole_tree_when_sigterm_is_ignored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var target = new ProcessTarget(
            Spec("/bin/sh", ["-c", "trap '' TERM; sleep 300 & echo child $!; wait"], stop: TimeSpan.FromMilliseconds(500)),
            TimeProvider.System);
        await target.StartAsync(ct);
        var child = await ChildPid(target);
        var clock = Stopwatch.StartNew();

        await target.StopAsync(ct);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450), "killed before the stop timeout");
        Assert.True(target.HasExited);
        Assert.Equal(137, target.ExitCode);
        await Eventually.TrueAsync(() => !ProcessTree.IsAlive(child), Within, $"child {child} is gone");
    }

    [Fact]
    public async Task Logs_keep_each_stream_in_arrival_order_with_timestamps()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = DateTimeOffset.UtcNow;
        await using var target = new ProcessTarget(Spec("/bin/sh", ["-c", "echo one; echo two >&2; echo three; echo four >&2"]), TimeProvider.System);

        await target.StartAsync(ct);
        await Eventually.TrueAsync(() => target.HasExited, Within, "the script finished");
        await target.StopAsync(ct);

        var logs = target.Logs;
        Assert.Equal(["one", "three"], logs.Where(l => l.Source == "stdout").Select(l => l.Text));
        Assert.Equal(["two", "four"], logs.Where(l => l.Source == "stderr").Select(l => l.Text));
        Assert.All(logs, l => Assert.InRange(l.ArrivedUtc, before, DateTimeOffset.UtcNow));
        Assert.Equal(logs.Select(l => l.ArrivedUtc).Order(), logs.Select(l => l.ArrivedUtc));
        Assert.Equal(0, target.ExitCode);
    }

    [Fact]
    public async Task Arguments_environment_and_working_directory_reach_the_process_without_a_shell()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("conformance-wd-").FullName;
        try
        {
            var spec = Spec("/bin/sh", ["-c", "printf '%s|%s|%s\\n' \"$1\" \"$CONFORMANCE_TEST\" \"$(pwd)\"", "sh", "a b; $(rm -rf /) *"]) with
            {
                Environment = new Dictionary<string, string> { ["CONFORMANCE_TEST"] = "value with spaces" },
                WorkingDirectory = dir,
            };
            await using var target = new ProcessTarget(spec, TimeProvider.System);

            await target.StartAsync(ct);
            await Eventually.TrueAsync(() => target.HasExited, Within, "the script finished");
            await target.StopAsync(ct);

            Assert.Equal($"a b; $(rm -rf /) *|value with spaces|{dir}", Assert.Single(target.Logs).Text);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_runs_a_new_process_on_the_same_port_and_keeps_the_logs()
    {
        var ct = TestContext.Current.CancellationToken;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var target = new ProcessTarget(Spec("/bin/sh", ["-c", "echo up; exec sleep 30"], port), TimeProvider.System);
        await target.StartAsync(ct);
        var first = target.ProcessId;

        // The port is the test's own listener, so "ready" comes at once: wait for the first run's line before stopping it.
        await Eventually.TrueAsync(() => target.Logs.Any(l => l.Text == "up"), Within, "the first run logged 'up'");
        await target.RestartAsync(ct);

        Assert.NotEqual(first, target.ProcessId);
        Assert.Equal(port, target.Spec.ReadyPort);
        await Eventually.TrueAsync(() => target.Logs.Count(l => l.Text == "up") == 2, Within, "both runs logged 'up'");
    }

    [Theory]
    [InlineData("/usr/share/dotnet/dotnet", "/repo/bin/ReferenceServer.dll", "ReferenceServer.dll")]
    [InlineData("/usr/sbin/nginx", "-p", "/usr/sbin/nginx")]
    public void Messages_name_the_server_rather_than_the_dotnet_host(string command, string firstArg, string expected)
    {
        var target = new ProcessTarget(Spec(command, [firstArg]), TimeProvider.System);

        Assert.Equal(expected, target.DisplayName);
    }

    private static async Task<int> ChildPid(ProcessTarget target)
    {
        await Eventually.TrueAsync(() => target.Logs.Any(l => l.Text.StartsWith("child ", StringComparison.Ordinal)), Within, "the script printed its child pid");
        return int.Parse(target.Logs.First(l => l.Text.StartsWith("child ", StringComparison.Ordinal)).Text["child ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ResolvedTargetSpec Spec(string command, string[] args, int? readyPort = null, TimeSpan? within = null, TimeSpan? stop = null) =>
        new(command, args, new Dictionary<string, string>(), Path.GetTempPath(), "127.0.0.1", readyPort, within ?? TimeSpan.FromSeconds(10), stop ?? TimeSpan.FromSeconds(3));
}
