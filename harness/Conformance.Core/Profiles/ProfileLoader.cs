namespace Conformance.Profiles;

/// <summary>
/// Reads a profile YAML file into a validated <see cref="Profile"/>. Every error names file, line and field;
/// unknown keys, wrong types, missing required fields and contradictions are all reported, not just the first.
/// </summary>
public static class ProfileLoader
{
    /// <summary>Loads and validates; throws <see cref="ProfileValidationException"/> listing every error.</summary>
    public static Profile Load(string path)
    {
        var (profile, errors) = ReadFile(path);
        return profile ?? throw new ProfileValidationException(errors);
    }

    /// <summary>Parses YAML text; <paramref name="sourcePath"/> is used in error locations and to resolve relative file paths.</summary>
    public static Profile Parse(string yaml, string sourcePath)
    {
        var (profile, errors) = ProfileReader.Read(yaml, sourcePath);
        return profile ?? throw new ProfileValidationException(errors);
    }

    /// <summary>Every error in the file (empty when valid). Never throws for content problems; an unreadable file is one error at line 0.</summary>
    public static IReadOnlyList<ProfileError> Validate(string path) => ReadFile(path).Errors;

    /// <summary>Every error in YAML text (empty when valid).</summary>
    public static IReadOnlyList<ProfileError> ValidateText(string yaml, string sourcePath) => ProfileReader.Read(yaml, sourcePath).Errors;

    private static (Profile? Profile, IReadOnlyList<ProfileError> Errors) ReadFile(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read the file: {e.Message}";
            return (null, [new ProfileError(path, 0, 0, "(file)", why)]);
        }

        return ProfileReader.Read(yaml, path);
    }
}
