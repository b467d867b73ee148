using Conformance.Drivers;
using Conformance.Profiles;

namespace Conformance.Cli.Commands;

/// <summary>Loading the profiles a bench names: a bad one is the same single error line for every bench.</summary>
internal static class BenchProfiles
{
    /// <summary>The profile at <paramref name="path"/>, or null after writing its first error to <paramref name="error"/>.</summary>
    public static Profile? Load(string path, TextWriter error)
    {
        try
        {
            return ProfileLoader.Load(path);
        }
        catch (ProfileValidationException e)
        {
            error.WriteLine($"error: {e.Errors[0]}");
            return null;
        }
    }
}
