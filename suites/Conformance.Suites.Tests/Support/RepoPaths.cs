namespace Conformance.Suites.Tests.Support;

/// <summary>Paths in the source tree, found by walking up from the test binary to Conformance.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Profiles => Path.Combine(Root, "fixtures", "profiles");

    public static string Profile(string relative) => Path.Combine(Profiles, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Conformance.sln not found above {AppContext.BaseDirectory}");
    }
}
