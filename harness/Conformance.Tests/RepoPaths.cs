namespace Conformance.Tests;

/// <summary>Locates the repository from the test binary (walk up to the folder holding Conformance.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string FixtureProfiles => Path.Combine(Root, "fixtures", "profiles");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Conformance.sln above {AppContext.BaseDirectory}");
    }
}
