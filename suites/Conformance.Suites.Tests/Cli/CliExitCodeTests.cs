using Conformance.Model;
using Conformance.Pki;
using Conformance.Platform;
using Conformance.Suites.Tests.Support;
using static Conformance.Suites.Tests.Support.InProcessCli;

namespace Conformance.Suites.Tests.Cli;

/// <summary>The CLI's exit codes and one-line errors, as README.md documents them, on real runs.</summary>
public sealed class CliExitCodeTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-cli-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Default_run_is_conformant_and_writes_all_four_reports_with_every_id()
    {
        var runs = _dir.File("runs");
        var (code, output, error) = await CliAsync("run", "--out", runs, "--seed", "7");

        Assert.True(code == ExitCodes.Conformant, $"exit {code}{Environment.NewLine}{output}{Environment.NewLine}{error}");
        var latest = Path.Combine(runs, "latest");
        foreach (var file in new[] { "report.html", "results.json", "junit.xml", "summary.md" })
        {
            Assert.True(File.Exists(Path.Combine(latest, file)), file);
        }

        var html = await File.ReadAllTextAsync(Path.Combine(latest, "report.html"), TestContext.Current.CancellationToken);
        foreach (var id in Catalog.All.Select(s => s.Info.Id))
        {
            Assert.Contains(id, html, StringComparison.Ordinal);
        }

        Assert.Single(Directory.GetDirectories(runs), d => !d.EndsWith("latest", StringComparison.Ordinal));
        Assert.Contains("CONFORMANT", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutant_profile_exits_1_and_names_the_failing_scenario()
    {
        var (code, output, _) = await CliAsync("run", "--profile", RepoPaths.Profile("mutants/Redirect302.yaml"), "--out", _dir.File("runs"), "--suite", "redirect");

        Assert.Equal(ExitCodes.NonConformant, code);
        Assert.Matches(@"RD-01\s.*FAIL|FAIL.*RD-01", output);
    }

    [Fact]
    public async Task Malformed_profile_exits_2_naming_file_and_line()
    {
        var path = _dir.File("broken.yaml");
        await File.WriteAllTextAsync(path, "apiVersion: conformance/v1\nname: broken\ntarget:\n  kind: process\n  command: /bin/true\nendpoints:\n  https: { prot: 8443 }\n", TestContext.Current.CancellationToken);

        var (code, _, error) = await CliAsync("run", "--profile", path, "--out", _dir.File("runs"));

        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains($"{path}:7", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoint_where_nothing_listens_exits_3_with_one_line()
    {
        var port = PortAllocator.Allocate();
        var path = _dir.File("dead.yaml");
        await File.WriteAllTextAsync(path, $"apiVersion: conformance/v1\nname: dead\ntarget:\n  kind: endpoint\n  ready: {{ tcp: \"{port}\", within: 1s }}\nendpoints:\n  https: {{ port: \"{port}\", serverName: localhost }}\n", TestContext.Current.CancellationToken);

        var (code, _, error) = await CliAsync("run", "--profile", path, "--out", _dir.File("runs"));

        Assert.Equal(ExitCodes.InfrastructureError, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_and_unknown_scenario_exit_2()
    {
        Assert.Equal(ExitCodes.BadUsage, (await CliAsync("run", "--no-such-flag")).Code);
        var (code, _, error) = await CliAsync("run", "--scenario", "XX-99", "--out", _dir.File("runs"));
        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Contains("XX-99", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenarios_lists_the_whole_catalog()
    {
        var (code, output, _) = await CliAsync("scenarios");

        Assert.Equal(0, code);
        Assert.All(Catalog.All, s => Assert.Contains(s.Info.Id, output, StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Pki_create_writes_keys_0600_and_refuses_to_overwrite()
    {
        var dir = _dir.File("pki");
        var first = await CliAsync("pki", "create", "--out", dir, "--dns", "api.example.test", "--ip", "127.0.0.1");
        Assert.Equal(0, first.Code);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "tls.key")));
        Assert.DoesNotContain("PRIVATE KEY", first.Out, StringComparison.Ordinal);
        var before = await File.ReadAllTextAsync(Path.Combine(dir, "tls.crt"), TestContext.Current.CancellationToken);

        var second = await CliAsync("pki", "create", "--out", dir);

        Assert.Equal(ExitCodes.BadUsage, second.Code);
        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(dir, "tls.crt"), TestContext.Current.CancellationToken));
    }
}
