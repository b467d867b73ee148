using System.Diagnostics;
using Conformance.Model;
using Conformance.Pki;
using Conformance.Suites.Tests.Containers;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.BadInput;

/// <summary>Bad input for the container target: one line naming the problem (and the profile field), the documented exit code, no stack trace.</summary>
[Collection(ContainerCollection.Name)]
public sealed class ContainerBadInputTests : IDisposable
{
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-container-bad-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task No_reachable_docker_engine_exits_3_with_one_line()
    {
        var ct = TestContext.Current.CancellationToken;

        // A separate process: the engine Testcontainers finds is fixed per process. DOCKER_HOST names a socket
        // nobody serves, so no engine answers whether or not one runs here.
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "run", "--profile", RepoPaths.Profile("reference-container.yaml"), "--out", _dir.File("runs"), "--suite", "plaintext" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOCKER_HOST"] = $"unix://{_dir.File("no-engine.sock")}";

        // No CLR profiler in the child: under `dotnet test --coverage` the inherited coverage profiler once made this
        // path throw InvalidProgramException in CI (never without it); the test judges the CLI, not the instrumentation.
        info.Environment["CORECLR_ENABLE_PROFILING"] = "0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        var error = await stderr;
        var output = await stdout;

        Assert.True(process.ExitCode == ExitCodes.InfrastructureError, $"exit {process.ExitCode}: {output}{error}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("no Docker engine is reachable", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_not_in_the_engine_exits_3_naming_the_profile_field()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await DockerAvailability.RequireAsync(ct);
        var missing = $"conformance/missing-{Guid.NewGuid():N}:dev";
        var (path, _) = ContainerProfiles.Write(_dir, "reference-container.yaml", t => t.Replace("image: conformance/reference:dev", $"image: {missing}", StringComparison.Ordinal));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Conformance.Cli.ConformanceApp.RunAsync(["run", "--profile", path, "--out", _dir.File("runs"), "--suite", "plaintext"], output, error, ct);

        Assert.Equal(ExitCodes.InfrastructureError, code);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains($"{path}: target.image", lines[0], StringComparison.Ordinal);
        Assert.Contains(missing, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString() + output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    ports: [https, http]\n", "", "target.container.ports")]
    [InlineData("ports: [https, http]", "ports: { https: 70000 }", "target.container.ports.https")]
    [InlineData("paths: { run: /run/conformance,", "paths: { run: relative/dir,", "target.container.paths.run")]
    public async Task Bad_container_section_exits_2_naming_file_line_and_field(string find, string replace, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var (path, _) = ContainerProfiles.Write(_dir, "reference-container.yaml", t => t.Replace(find, replace, StringComparison.Ordinal));

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Conformance.Cli.ConformanceApp.RunAsync(["profiles", "validate", path], output, error, ct);

        Assert.Equal(ExitCodes.BadUsage, code);
        var text = error.ToString() + output;
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(path)}:\d+", text);
        Assert.Contains(field, text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }
}
