using System.Diagnostics;
using System.Text.RegularExpressions;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;
using static Conformance.Suites.Tests.Support.InProcessCli;

namespace Conformance.Suites.Tests.BadInput;

/// <summary>
/// <c>profiles validate</c> and <c>run</c> refuse the same profiles by the same code (RunEnvironment's checks), validate
/// lists every problem with file:line:column and starts nothing; a profile piped on standard input is read once; a
/// device or FIFO given as a profile ends promptly in a child process, in little memory.
/// </summary>
public sealed partial class ValidationPathTests : IDisposable
{
    private const string Head = "apiVersion: conformance/v1\nname: bad\ntarget:\n  kind: process\n  command: /bin/true\n";

    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-validation-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Validate_lists_every_problem_run_refuses_each_with_file_line_and_column()
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(_dir.File("junk.pem"), "not a certificate\n", ct);
        await File.WriteAllTextAsync(_dir.File("t.conf"), "listen {port:https}; user {nope:user};\n", ct);
        var profile = _dir.File("p.yaml");
        await File.WriteAllTextAsync(
            profile,
            Head + $"  args: [\"{{nope:x}}\"]\n  files: {{ conf: /nonexistent/t.conf, other: \"{_dir.File("t.conf")}\" }}\nendpoints:\n"
            + "  https: { port: \"{port:https}\", trust: /nonexistent/ca.pem }\n"
            + $"  admin: {{ port: \"{{port:admin}}\", trust: \"{_dir.File("junk.pem")}\" }}\n",
            ct);

        var (code, output, error) = await CliAsync("profiles", "validate", profile);

        Assert.True(code == ExitCodes.BadUsage, $"exit {code}\n{output}\n{error}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.All(lines, l => Assert.Matches($"^error: {Regex.Escape(profile)}:\\d+:\\d+: ", l));
        Assert.Contains(lines, l => l.Contains(":6:10: target.args[0]: unknown placeholder {nope:x}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("target.files.conf", StringComparison.Ordinal) && l.Contains("/nonexistent/t.conf", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("target.files.other", StringComparison.Ordinal) && l.Contains("unknown placeholder {nope:user}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(":9:", StringComparison.Ordinal) && l.Contains("/nonexistent/ca.pem: file not found", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(":10:", StringComparison.Ordinal) && l.Contains("holds no PEM certificate", StringComparison.Ordinal));

        // run refuses the same profile, naming the first problem and how many more validate lists.
        var run = await CliAsync("run", "--profile", profile, "--out", _dir.File("runs"));
        Assert.Equal(ExitCodes.BadUsage, run.Code);
        Assert.Contains(lines[0]["error: ".Length..], run.Err, StringComparison.Ordinal);
        Assert.Contains("(+4 more; see 'conformance profiles validate", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_of_a_good_profile_starts_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var marker = _dir.File("started");
        var profile = _dir.File("p.yaml");
        await File.WriteAllTextAsync(
            profile,
            "apiVersion: conformance/v1\nname: quiet\ntarget:\n  kind: process\n  command: /bin/sh\n"
            + $"  args: [\"-c\", \"touch {marker}; sleep 30\"]\nendpoints:\n  https: {{ port: \"{{port:https}}\", trust: \"{{pki:ca}}\" }}\n",
            ct);

        var (code, output, error) = await CliAsync("profiles", "validate", profile);

        Assert.True(code == ExitCodes.Conformant, $"exit {code}\n{output}\n{error}");
        Assert.StartsWith("ok: ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "validate started the target");
    }

    [Theory]
    [InlineData("/dev/stdin")]
    [InlineData("-")]
    public async Task A_profile_piped_on_standard_input_is_read_once_and_validates(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var yaml = await File.ReadAllTextAsync(RepoPaths.Profile("reference.yaml"), ct);

        var (code, output, error, _) = await ChildAsync(["profiles", "validate", name], yaml, ct);

        Assert.True(code == ExitCodes.Conformant, $"exit {code}\n{output}\n{error}");
        Assert.Contains("profile 'reference'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_as_profile_ends_a_child_process_promptly_with_one_line()
    {
        var ct = TestContext.Current.CancellationToken;
        var fifo = _dir.File("fifo");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            await mkfifo.WaitForExitAsync(ct);
        }

        var (code, _, error, elapsed) = await ChildAsync(["run", "--profile", fifo, "--out", _dir.File("runs")], null, ct);

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("is a FIFO (named pipe), not a regular file", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"took {elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Validate_of_dev_zero_peaks_under_100_MB()
    {
        var ct = TestContext.Current.CancellationToken;
        if (!File.Exists("/usr/bin/time"))
        {
            Assert.Skip("/usr/bin/time (GNU time) is not installed");
        }

        var info = new ProcessStartInfo("/usr/bin/time") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", CliProcess.DotnetHost, Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "profiles", "validate", "/dev/zero" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        var text = await stderr;

        Assert.Equal(ExitCodes.BadUsage, process.ExitCode);
        Assert.Contains("/dev/zero", text, StringComparison.Ordinal);
        var kilobytes = long.Parse(MaxRss().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(kilobytes < 100 * 1024, $"peak resident set {kilobytes} kB");
    }

    private static async Task<(int Code, string Out, string Err, TimeSpan Elapsed)> ChildAsync(string[] args, string? stdin, CancellationToken ct)
    {
        var info = new ProcessStartInfo(CliProcess.DotnetHost) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "conformance.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), ct);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
            return (process.ExitCode, await output, await error, clock.Elapsed);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex MaxRss();
}
