using System.Reflection;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// The CLI as a dotnet tool: <c>dotnet pack</c> (of the build these tests run on), <c>dotnet tool install --tool-path</c>
/// from that folder, then the installed <c>conformance</c> answers <c>--version</c>, lists the catalog, and runs the
/// plaintext suite against the embedded reference implementation from a folder outside the source tree — so the
/// reference server and the fixtures came from inside the package. NuGet's package cache is a temporary folder too,
/// so an earlier package of the same version can never stand in for this one.
/// </summary>
public sealed class PackagingTests : IDisposable
{
    private static readonly TimeSpan DotnetBound = TimeSpan.FromMinutes(5);
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-pack-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Packed_tool_installs_and_runs_the_default_reference_from_the_package()
    {
        var ct = TestContext.Current.CancellationToken;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var feed = _dir.File("feed");
        var tools = _dir.File("tools");
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = _dir.File("nuget-packages"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        var project = Path.Combine(RepoPaths.Root, "harness", "Conformance.Cli", "Conformance.Cli.csproj");

        var pack = await CliProcess.RunAsync(CliProcess.DotnetHost, ["pack", project, "--no-build", "-c", configuration, "-o", feed], DotnetBound, ct, env);
        Assert.True(pack.Code == 0, $"dotnet pack: exit {pack.Code}\n{pack.Out}\n{pack.Err}");
        var nupkg = Assert.Single(Directory.GetFiles(feed, "Conformance.Cli.*.nupkg"));

        var install = await CliProcess.RunAsync(CliProcess.DotnetHost, ["tool", "install", "--tool-path", tools, "--add-source", feed, "Conformance.Cli"], DotnetBound, ct, env);
        Assert.True(install.Code == 0, $"dotnet tool install ({nupkg}): exit {install.Code}\n{install.Out}\n{install.Err}");
        var tool = Path.Combine(tools, "conformance");
        var elsewhere = Directory.CreateDirectory(_dir.File("elsewhere")).FullName;

        var version = await CliProcess.RunAsync(tool, ["--version"], DotnetBound, ct, workingDirectory: elsewhere);
        var expected = typeof(Conformance.Cli.ConformanceApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(0, version.Code);
        Assert.Equal(expected, version.Out.Trim());

        var scenarios = await CliProcess.RunAsync(tool, ["scenarios"], DotnetBound, ct, workingDirectory: elsewhere);
        Assert.Equal(0, scenarios.Code);
        Assert.All(Catalog.All, s => Assert.Contains(s.Info.Id, scenarios.Out, StringComparison.Ordinal));

        var runs = _dir.File("runs");
        var run = await CliProcess.RunAsync(tool, ["run", "--suite", "plaintext", "--out", runs], DotnetBound, ct, workingDirectory: elsewhere);
        Assert.True(run.Code == 0, $"installed tool run: exit {run.Code}\n{run.Out}\n{run.Err}");
        var results = await File.ReadAllTextAsync(Path.Combine(runs, "latest", "results.json"), ct);
        Assert.Contains(Path.Combine(tools, ".store"), results, StringComparison.Ordinal); // the profile came from the package
    }
}
