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
}
