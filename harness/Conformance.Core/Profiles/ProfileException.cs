using Conformance.Inputs;

namespace Conformance.Profiles;

/// <summary>A profile is malformed or inconsistent. <see cref="Where"/> names the file, line and field; the message says what is wrong.</summary>
public sealed class ProfileException : Exception
{
    public ProfileException(string where, string message)
        : base($"{where}: {message}")
    {
        Where = where;
        Problem = message;
    }

    /// <summary>Every problem found before the first one stopped the run (the message is the first; <see cref="Errors"/> has all).</summary>
    public ProfileException(IReadOnlyList<ProfileError> errors)
        : base(errors.Count > 0 ? errors[0].ToString() : "invalid profile")
    {
        Errors = errors;
        Where = errors.Count > 0 ? errors[0].Where : string.Empty;
        Problem = errors.Count > 0 ? errors[0].Message : "invalid profile";
    }

    public ProfileException()
    {
        Where = string.Empty;
        Problem = string.Empty;
    }

    public ProfileException(string message, Exception inner)
        : base(message, inner)
    {
        Where = string.Empty;
        Problem = message;
    }

    /// <summary>file:line: field, e.g. <c>fixtures/profiles/flux.yaml:12: endpoints.https.port</c>.</summary>
    public string Where { get; }

    public string Problem { get; }

    /// <summary>All problems when several were found at once (empty when the exception names just one).</summary>
    public IReadOnlyList<ProfileError> Errors { get; } = [];
}
