using System.Text.RegularExpressions;
using Conformance.Drivers;
using Conformance.Targets;

namespace Conformance.Tests.Architecture;

/// <summary>
/// The engine and the scenarios know targets only through drivers and capabilities: no file under
/// <c>harness/Conformance.Core/Engine</c> or <c>suites/Conformance.Suites</c> names a target kind
/// (<c>TargetKind.X</c>), a driver's namespace, or a type a driver's folder defines (<c>ProcessTarget</c>,
/// <c>KubernetesTargetActions</c>, ...). A new kind is then one folder under <c>Targets/</c> and one line in
/// <see cref="TargetDrivers"/>, and a scenario's applicability follows from the capabilities it asks for.
/// </summary>
public sealed class TargetKindIsolationTests
{
    private static readonly string[] GuardedFolders =
    [
        Path.Combine("harness", "Conformance.Core", "Engine"),
        Path.Combine("suites", "Conformance.Suites"),
    ];

    /// <summary>Every name a file may not use: the drivers' namespaces and the public types declared in them.</summary>
    private static IReadOnlyList<string> KindNames()
    {
        var namespaces = TargetDrivers.All.Select(d => d.GetType().Namespace!).Distinct().ToList();
        var types = typeof(ITargetDriver).Assembly.GetExportedTypes()
            .Where(t => namespaces.Contains(t.Namespace!) && !t.IsNested)
            .Select(t => t.Name.Split('`')[0]);
        return [.. namespaces, .. types.Distinct()];
    }

    private static List<string> Offences(string root)
    {
        var names = KindNames();
        var pattern = new Regex($@"\bTargetKind\.[A-Z]\w*|(?<![\w.])({string.Join('|', names.Select(Regex.Escape))})\b", RegexOptions.CultureInvariant);
        var found = new List<string>();
        foreach (var folder in GuardedFolders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    if (pattern.Match(lines[i]) is { Success: true } m)
                    {
                        found.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {m.Value}");
                    }
                }
            }
        }

        return found;
    }

    [Fact]
    public void No_engine_or_scenario_file_names_a_target_kind()
    {
        var offences = Offences(RepoPaths.Root);

        Assert.True(offences.Count == 0, "name a capability (TargetCapabilities.Missing / Has) or an interface (IExitReportingTarget, IUpstreamHost) instead:\n" + string.Join('\n', offences));
    }

    [Fact]
    public void The_guard_knows_every_driver_namespace_and_its_concrete_targets()
    {
        var names = KindNames();

        // Were the list empty or stale, the guard above would pass whatever the files say.
        Assert.Contains("ProcessTarget", names);
        Assert.Contains("EndpointTarget", names);
        Assert.Contains("ContainerTarget", names);
        Assert.Contains("KubernetesTarget", names);
        Assert.Contains("Conformance.Targets.Kubernetes", names);
        Assert.All(TargetDrivers.All, d => Assert.Contains(d.GetType().Name, names));
    }

    [Fact]
    public void The_guard_finds_a_kind_named_in_a_guarded_folder()
    {
        var root = Directory.CreateTempSubdirectory("kind-guard-").FullName;
        try
        {
            var engine = Directory.CreateDirectory(Path.Combine(root, GuardedFolders[0])).FullName;
            Directory.CreateDirectory(Path.Combine(root, GuardedFolders[1]));
            File.WriteAllLines(Path.Combine(engine, "Bad.cs"), ["var a = p.Target.Kind == TargetKind.Endpoint;", "// fine: the process target", "if (t is ProcessTarget p) { }"]);

            var offences = Offences(root);

            Assert.Equal([$"{Path.Combine(GuardedFolders[0], "Bad.cs")}:1: TargetKind.Endpoint", $"{Path.Combine(GuardedFolders[0], "Bad.cs")}:3: ProcessTarget"], offences);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
