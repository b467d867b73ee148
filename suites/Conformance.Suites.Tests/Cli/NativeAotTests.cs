using System.Text.Json;
using Conformance.Cli;
using Conformance.Pki;
using Conformance.Suites.Tests.Support;

namespace Conformance.Suites.Tests.Cli;

/// <summary>
/// The Native AOT route (docs/performance.md): <c>dotnet publish -r linux-x64 -p:PublishAot=true</c> of this source
/// gives one native <c>conformance</c> that judges Debian's nginx (a process target) with the same verdicts, seed for
/// seed, as the managed build; runs the default profile against the embedded reference (published beside it); and
/// refuses the targets it leaves out with one line and exit 2, before starting anything.
/// </summary>
public sealed class NativeAotTests : IDisposable
{
    // ILCompiler takes about 3-5 minutes of two cores here; bounded well above that.
    private static readonly TimeSpan PublishBound = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan RunBound = TimeSpan.FromMinutes(3);
    private readonly RunWorkspace _dir = RunWorkspace.Create("conformance-aot-test-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Native_binary_gives_the_managed_verdicts_and_refuses_the_targets_it_leaves_out()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64, "the Native AOT route is documented for linux-x64");
        Assert.SkipUnless(OnPath("clang"), "clang is not installed (apt-get install clang zlib1g-dev): ILCompiler links with it");
        Assert.SkipUnless(File.Exists("/usr/sbin/nginx"), "nginx is not installed (apt-get install nginx-light)");
        var ct = TestContext.Current.CancellationToken;
        var publish = _dir.File("aot");
        var env = new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        // From a copy of the sources: a publish for a runtime identifier restores every project again (rewriting its
        // obj/project.assets.json), which would race the other builds and packs of this test run in the same folders.
        var source = _dir.File("src");
        CopySources(RepoPaths.Root, source);
        var project = Path.Combine(source, "harness", "Conformance.Cli", "Conformance.Cli.csproj");
        var built = await CliProcess.RunAsync(CliProcess.DotnetHost, ["publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", publish], PublishBound, ct, env);
        Assert.True(built.Code == 0, $"dotnet publish -p:PublishAot=true: exit {built.Code}\n{Tail(built.Out)}\n{Tail(built.Err)}");
        var tool = Path.Combine(publish, "conformance");
        Assert.True(File.Exists(tool), $"no native binary at {tool}");
        Assert.False(File.Exists(Path.Combine(publish, "conformance.dll")), "the publish left a managed conformance.dll: not the native route");

        // nginx, three suites, one seed: the native run against the managed one, verdict by verdict.
        var profile = RepoPaths.Profile("nginx.yaml");
        string[] filter = ["--suite", "plaintext", "--suite", "redirect", "--suite", "san", "--seed", "7"];
        var nativeRuns = _dir.File("native-runs");
        var native = await CliProcess.RunAsync(tool, ["run", "--profile", profile, "--out", nativeRuns, .. filter], RunBound, ct);
        Assert.True(native.Code == 0, $"native run of nginx.yaml: exit {native.Code}\n{native.Out}\n{native.Err}");
        using var managedOut = new StringWriter();
        using var managedErr = new StringWriter();
        var managedRuns = _dir.File("managed-runs");
        var managed = await ConformanceApp.RunAsync(["run", "--profile", profile, "--out", managedRuns, .. filter], managedOut, managedErr, ct);
        Assert.True(managed == 0, $"managed run of nginx.yaml: exit {managed}\n{managedOut}\n{managedErr}");
        var nativeVerdicts = Verdicts(Path.Combine(nativeRuns, "latest", "results.json"));
        Assert.Equal(Verdicts(Path.Combine(managedRuns, "latest", "results.json")), nativeVerdicts);
        Assert.Contains(nativeVerdicts, v => v.Value == "pass");

        // The default profile: the embedded reference, started through a dotnet host from the publish folder.
        var elsewhere = Directory.CreateDirectory(_dir.File("elsewhere")).FullName;
        var reference = await CliProcess.RunAsync(tool, ["run", "--suite", "plaintext", "--out", _dir.File("default-runs")], RunBound, ct, workingDirectory: elsewhere);
        Assert.True(reference.Code == 0, $"native default run: exit {reference.Code}\n{reference.Out}\n{reference.Err}");

        foreach (var kind in new[] { "kubernetes", "container" })
        {
            var refused = await CliProcess.RunAsync(tool, ["run", "--profile", RepoPaths.Profile($"reference-{kind}.yaml"), "--out", _dir.File("refused")], RunBound, ct);
            Assert.Equal(2, refused.Code);
            var line = Assert.Single(refused.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"target.kind '{kind}' is not available in this Native AOT build", line, StringComparison.Ordinal);
            Assert.False(Directory.Exists(_dir.File("refused")), "a refused run wrote reports");
        }

        var cluster = await CliProcess.RunAsync(tool, ["cluster", "status"], RunBound, ct);
        Assert.Equal(2, cluster.Code);
        Assert.Contains("'conformance cluster' is not available in this Native AOT build", cluster.Err, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Verdicts(string resultsJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(resultsJson));
        return doc.RootElement.GetProperty("scenarios").EnumerateArray()
            .ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("verdict").GetString()!, StringComparer.Ordinal);
    }

    private static void CopySources(string from, string to)
    {
        string[] skipped = ["bin", "obj", ".git", "artifacts", "node_modules", "runs"];
        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            if (!skipped.Contains(Path.GetFileName(dir), StringComparer.Ordinal))
            {
                CopySources(dir, Path.Combine(to, Path.GetFileName(dir)));
            }
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, name)));

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
