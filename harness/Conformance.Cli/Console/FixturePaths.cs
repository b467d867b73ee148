namespace Conformance.Cli.Console;

/// <summary>Where the shipped profiles are: next to the tool (copied at build), or in the source tree it runs from.</summary>
public static class FixturePaths
{
    /// <summary>The reference profile <c>conformance run</c> uses when no --profile is given.</summary>
    public static string DefaultProfile => Path.Combine(ProfilesDirectory, "reference.yaml");

    public static string ProfilesDirectory
    {
        get
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "fixtures", "profiles");
            return Directory.Exists(shipped) ? shipped : Path.Combine(Directory.GetCurrentDirectory(), "fixtures", "profiles");
        }
    }
}
