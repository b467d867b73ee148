namespace Conformance.Profiles;

/// <summary>
/// One YAML file a profile was read from: the overlay itself or a base it extends. <see cref="Display"/> is how
/// errors name it (as the user gave it, or relative to the working folder for a base), <see cref="Directory"/> is what
/// relative paths written in that file resolve against.
/// </summary>
internal sealed record ProfileSourceFile(string Display, string? FullPath, string? Directory);
