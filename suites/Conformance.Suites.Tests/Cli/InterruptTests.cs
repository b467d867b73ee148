using System.Diagnostics;
using System.Text.Json;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// SIGINT and SIGTERM sent with kill(1) to a real <c>conformance run</c> child mid-run (while RT-01's load runs): it
/// exits within 5 s with 130/143, writes a partial report whose unfinished scenario is <c>error</c>, and leaves no
/// reference-server process and no run workspace behind. The child gets its own TMPDIR, so "no workspace left" is
/// an exact check (that folder must end up empty) and the server's pids are found by that path in their command lines.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InterruptTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-interrupt-test-");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("INT", ExitCodes.Interrupted)]
    [InlineData("TERM", ExitCodes.Terminated)]
    public async Task Signal_mid_run_stops_within_5_s_writes_a_partial_report_and_leaves_nothing_behind(string signal, int expectedExit)
    {
        var ct = TestContext.Current.CancellationToken;
        var tmp = Directory.CreateDirectory(_dir.File("tmp")).FullName;
        var runs = _dir.File("runs");
        await using var cli = CliProcess.Start(
            ["run", "--out", runs, "--seed", "11", "--scenario", "PT-01", "--scenario", "RT-05", "--scenario", "RT-01"],
            new Dictionary<string, string> { ["TMPDIR"] = tmp, ["DOTNET_EnableDiagnostics"] = "0" });

        // RT-05 printed → RT-01 (about 20,000 requests under load) is running now.
        Assert.True(await cli.WaitForLineAsync(l => l.Contains("RT-05", StringComparison.Ordinal), TimeSpan.FromSeconds(120), ct), $"RT-05 never finished:\n{cli.Stdout}\n{cli.Stderr}");
        var servers = PidsMentioning(tmp);
        Assert.NotEmpty(servers);

        var clock = Stopwatch.StartNew();
        var (killCode, _, killErr) = await CliProcess.RunAsync("kill", ["-s", signal, cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), ct);
        Assert.True(killCode == 0, killErr);
        var exited = await cli.WaitForExitAsync(TimeSpan.FromSeconds(5), ct);
        var elapsed = clock.Elapsed;

        Assert.True(exited, $"still running 5 s after SIG{signal}:\n{cli.Stdout}\n{cli.Stderr}");
        TestContext.Current.SendDiagnosticMessage($"SIG{signal} → exit in {elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(expectedExit, cli.ExitCode);
        Assert.Contains($"interrupted by SIG{signal}", cli.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Stderr, StringComparison.Ordinal);

        // The partial report: what finished keeps its verdict, what was cut short is error, never pass or fail.
        var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runs, "latest", "results.json"), ct)).RootElement;
        var scenarios = results.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => (Verdict: s.GetProperty("verdict").GetString(), Reason: s.GetProperty("reason").GetString()));
        Assert.Equal(["PT-01", "RT-05", "RT-01"], scenarios.Keys);
        Assert.Equal("error", scenarios["RT-01"].Verdict);
        Assert.Contains("interrupted", scenarios["RT-01"].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("interrupted", scenarios["RT-05"].Reason ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("interrupted", results.GetProperty("infrastructureError").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runs, "latest", "report.html")));

        // Nothing left: the reference server's pids are gone and the run workspace (keys) was removed.
        Assert.All(servers, pid => Assert.False(Alive(pid), $"pid {pid} still running"));
        Assert.Empty(PidsMentioning(tmp));
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
    }

    /// <summary>Processes whose command line mentions <paramref name="text"/> (the child's TMPDIR: only its run's server does).</summary>
    private static List<int> PidsMentioning(string text)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal) && !cmdline.Contains("conformance.dll", StringComparison.Ordinal) && Alive(pid))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while we looked.
            }
        }

        return pids;
    }

    /// <summary>Running, i.e. present and not a zombie waiting to be reaped.</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
