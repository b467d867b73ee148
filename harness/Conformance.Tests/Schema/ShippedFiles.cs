namespace Conformance.Tests.Schema;

/// <summary>The profiles and log catalogs the repository ships, relative to its root.</summary>
internal static class ShippedFiles
{
    public static IEnumerable<string> Profiles() =>
        Directory.GetFiles(RepoPaths.FixtureProfiles, "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "fixtures", "corpus"), "process.yaml", SearchOption.AllDirectories))
            .Concat(Directory.Exists(Path.Combine(RepoPaths.Root, "examples")) ? Directory.GetFiles(Path.Combine(RepoPaths.Root, "examples"), "*.yaml", SearchOption.AllDirectories) : [])
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p))
            .Order(StringComparer.Ordinal);

    public static IEnumerable<string> LogCatalogs() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "fixtures", "logs"), "*.yaml")
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p))
            .Order(StringComparer.Ordinal);
}
