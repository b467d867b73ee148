namespace Conformance.Profiles;

/// <summary>
/// Reads a profile YAML file into a validated <see cref="Profile"/>. Every error names file, line and field;
/// unknown keys, wrong types, missing required fields and contradictions are all reported, not just the first.
/// </summary>
public static class ProfileLoader
{
    /// <summary>Loads and validates; throws <see cref="ProfileValidationException"/> listing every error.</summary>
    public static Profile Load(string path) => throw new NotImplementedException();

    /// <summary>Parses YAML text; <paramref name="sourcePath"/> is used in error locations and to resolve relative file paths.</summary>
    public static Profile Parse(string yaml, string sourcePath) => throw new NotImplementedException();

    /// <summary>Every error in the file (empty when valid).</summary>
    public static IReadOnlyList<ProfileError> Validate(string path) => throw new NotImplementedException();
}
