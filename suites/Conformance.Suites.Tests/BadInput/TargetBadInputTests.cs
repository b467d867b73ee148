using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Conformance.Cli;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.BadInput;

/// <summary>
/// Targets that misbehave: a command that does not exist, exits at once, never becomes ready, crashes mid-run, or
/// hangs (accepts connections, never answers), and a port already in use. Each run ends with exit 3, one line on
/// stderr naming the problem, no stack trace, and a report whose unfinished scenarios are <c>error</c>.
/// </summary>
public sealed class TargetBadInputTests : IDisposable
{
    private const string Head = "apiVersion: conformance/v1\nname: bad-target\ntarget:\n  kind: process\n";
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-badtarget-test-");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("command does not exist", "  command: /nonexistent/server\n", "command not found: /nonexistent/server")]
    [InlineData("exits at once", "  command: /bin/sh\n  args: [-c, \"echo boom >&2; exit 4\"]\n", "exited with code 4 before it was ready: boom")]
    [InlineData("never becomes ready", "  command: /bin/sleep\n  args: [\"30\"]\n  ready: { tcp: \"{port:https}\", within: 1s }\n", "was not ready on port")]
    public async Task Target_that_does_not_start_exits_3_with_one_line_and_an_all_error_report(string what, string target, string expected)
    {
        var (code, _, error, results) = await RunAsync(Head + target + "endpoints:\n  https: { port: \"{port:https}\", trust: \"{pki:ca}\" }\n", "--suite", "san");

        Assert.True(code == ExitCodes.InfrastructureError, $"{what}: exit {code}\n{error}");
        AssertOneLine(error, expected);
        var verdicts = Verdicts(results);
        Assert.NotEmpty(verdicts);
        Assert.All(verdicts, v => Assert.Equal("error", v.Verdict));
    }

    [Fact]
    public async Task Port_already_in_use_is_refused_before_the_target_starts()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var (code, _, error, results) = await RunAsync(Head + $"  command: /bin/sleep\n  args: [\"30\"]\nendpoints:\n  https: {{ port: \"{port}\", trust: \"{{pki:ca}}\" }}\n", "--suite", "san");

        Assert.Equal(ExitCodes.InfrastructureError, code);
        AssertOneLine(error, $"port {port} on 127.0.0.1 is already in use");
        Assert.All(Verdicts(results), v => Assert.Equal("error", v.Verdict));
    }

    [Fact]
    public async Task Target_that_crashes_mid_run_makes_the_rest_error_not_pass_or_fail()
    {
        // The reference implementation under coreutils' timeout: killed (SIGKILL) 8 s after it starts, while the
        // rotation suite (well over 8 s of load) is running.
        var (host, dll) = Targets.ReferenceLocator.Locate();
        var reference = await File.ReadAllTextAsync(RepoPaths.Profile("reference.yaml"), TestContext.Current.CancellationToken);
        var profile = reference.Replace("  command: \"{reference}\"\n  args:\n", $"  command: /usr/bin/timeout\n  args:\n    - -s\n    - KILL\n    - 8s\n    - \"{host}\"\n    - \"{dll}\"\n", StringComparison.Ordinal);
        Assert.NotEqual(reference, profile);

        var (code, output, error, results) = await RunAsync(profile, "--suite", "rotation");

        Assert.True(code == ExitCodes.InfrastructureError, $"exit {code}\n{output}\n{error}");
        AssertOneLine(error, "target exited mid-run with code");
        var verdicts = Verdicts(results);
        Assert.Contains(verdicts, v => v.Verdict == "error" && v.Reason.Contains("target exited mid-run", StringComparison.Ordinal));
        Assert.DoesNotContain(verdicts, v => v.Verdict == "fail");
    }

    [Fact]
    public async Task Target_that_hangs_gives_error_verdicts_within_bounded_time()
    {
        // Accepts TCP (the kernel completes the handshake from the backlog) and never reads or writes a byte.
        using var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start();
        var port = ((IPEndPoint)hung.LocalEndpoint).Port;
        var clock = Stopwatch.StartNew();

        var (code, output, error, results) = await RunAsync(
            $"apiVersion: conformance/v1\nname: hung\ntarget:\n  kind: endpoint\n  ready: {{ tcp: \"{port}\", within: 2s }}\nendpoints:\n  https: {{ port: \"{port}\", serverName: localhost, trust: \"{{pki:ca}}\" }}\n",
            "--suite", "san", "--suite", "tls-version");

        Assert.True(code == ExitCodes.InfrastructureError, $"exit {code}\n{output}\n{error}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"took {clock.Elapsed}");
        AssertOneLine(error, "undecided");
        var verdicts = Verdicts(results);
        Assert.Contains(verdicts, v => v.Verdict == "error");
        Assert.DoesNotContain(verdicts, v => v.Verdict is "pass" or "fail");
    }

    private static void AssertOneLine(string error, string expected)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line:\n{error}");
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static List<(string Id, string Verdict, string Reason)> Verdicts(JsonElement results) =>
        [.. results.GetProperty("scenarios").EnumerateArray().Select(s => (s.GetProperty("id").GetString()!, s.GetProperty("verdict").GetString()!, s.GetProperty("reason").GetString() ?? string.Empty))];

    private async Task<(int Code, string Out, string Err, JsonElement Results)> RunAsync(string profile, params string[] extra)
    {
        var ct = TestContext.Current.CancellationToken;
        var path = _dir.File($"profile-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, profile, ct);
        var runs = _dir.File($"runs-{Guid.NewGuid():N}");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ConformanceApp.RunAsync(["run", "--profile", path, "--out", runs, "--seed", "5", .. extra], output, error, ct);
        var json = Path.Combine(runs, "latest", "results.json");
        Assert.True(File.Exists(json), $"no results.json (exit {code})\n{output}\n{error}");
        return (code, output.ToString(), error.ToString(), JsonDocument.Parse(await File.ReadAllTextAsync(json, ct)).RootElement.Clone());
    }
}
