using Conformance.Inputs;

namespace Conformance.Profiles;

/// <summary>A profile failed validation; <see cref="Errors"/> lists every problem with its location.</summary>
public sealed class ProfileValidationException : Exception
{
    public ProfileValidationException(IReadOnlyList<ProfileError> errors)
        : base(errors.Count > 0 ? errors[0].ToString() : "invalid profile") => Errors = errors;

    public ProfileValidationException()
    {
        Errors = [];
    }

    public ProfileValidationException(string message, Exception inner)
        : base(message, inner)
    {
        Errors = [];
    }

    public IReadOnlyList<ProfileError> Errors { get; }
}
