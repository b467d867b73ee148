using Conformance.Inputs;
using Conformance.Profiles;

namespace Conformance.Drivers;

/// <summary>
/// Reads a profile YAML file into a validated <see cref="Profile"/>. Every error names file, line and field;
/// unknown keys, wrong types, missing required fields and contradictions are all reported, not just the first.
/// It hands the reader the registered target kinds (<see cref="TargetDrivers.All"/>), which is why it lives beside the
/// registry and not in <c>Conformance.Profiles</c>.
/// </summary>
public static class ProfileLoader
{
    /// <summary>Loads and validates; throws <see cref="ProfileValidationException"/> listing every error.</summary>
    public static Profile Load(string path)
    {
        var (profile, errors) = Read(path, CancellationToken.None);
        return profile ?? throw new ProfileValidationException(errors);
    }

    /// <summary>Parses YAML text; <paramref name="sourcePath"/> is used in error locations and to resolve relative file paths.</summary>
    public static Profile Parse(string yaml, string sourcePath)
    {
        var (profile, errors) = ProfileReader.Read(yaml, sourcePath, TargetDrivers.All);
        return profile ?? throw new ProfileValidationException(errors);
    }

    /// <summary>Every error in the file (empty when valid). Never throws for content problems; an unreadable file is one error at line 0.</summary>
    public static IReadOnlyList<ProfileError> Validate(string path) => Read(path, CancellationToken.None).Errors;

    /// <summary>Every error in YAML text (empty when valid).</summary>
    public static IReadOnlyList<ProfileError> ValidateText(string yaml, string sourcePath) => ProfileReader.Read(yaml, sourcePath, TargetDrivers.All).Errors;

    /// <summary>
    /// Reads the file once (see <see cref="Inputs.InputFile"/>: regular files or standard input, at most
    /// <see cref="Inputs.InputFile.ProfileBound"/>) and parses it: the profile, or null and every error.
    /// </summary>
    public static (Profile? Profile, IReadOnlyList<ProfileError> Errors) Read(string path, CancellationToken cancellationToken)
    {
        string yaml;
        try
        {
            yaml = Inputs.InputFile.ReadText(path, Inputs.InputFile.ProfileBound, "a profile", cancellationToken);
        }
        catch (Inputs.InputFileException e)
        {
            return (null, [new ProfileError(path, 0, 0, "(file)", e.Problem)]);
        }

        return ProfileReader.Read(yaml, path, TargetDrivers.All, cancellationToken);
    }
}
