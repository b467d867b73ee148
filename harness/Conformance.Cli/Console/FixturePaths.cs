namespace Conformance.Cli.Console;

/// <summary>Where the shipped profiles are: next to the tool (copied at build), or in the source tree it runs from.</summary>
public static class FixturePaths
{
    /// <summary>
    /// The profile <c>conformance run</c> uses when no --profile is given: the reference implementation claiming
    /// everything the catalog judges (complete.yaml, an overlay of reference.yaml), so every scenario has a verdict.
    /// </summary>
    public static string DefaultProfile => Path.Combine(ProfilesDirectory, "complete.yaml");

    /// <summary>The reference profile (one TLS endpoint and the old HTTP port's redirect): what the benches measure by default.</summary>
    public static string ReferenceProfile => Path.Combine(ProfilesDirectory, "reference.yaml");

    public static string ProfilesDirectory
    {
        get
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "fixtures", "profiles");
            return Directory.Exists(shipped) ? shipped : Path.Combine(Directory.GetCurrentDirectory(), "fixtures", "profiles");
        }
    }
}
