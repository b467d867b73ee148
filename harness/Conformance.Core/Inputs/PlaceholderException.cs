namespace Conformance.Inputs;

/// <summary>A profile names a placeholder the harness does not know.</summary>
public sealed class PlaceholderException : Exception
{
    public PlaceholderException(string placeholder)
        : base($"unknown placeholder {{{placeholder}}}") => Placeholder = placeholder;

    public PlaceholderException()
    {
        Placeholder = string.Empty;
    }

    public PlaceholderException(string message, Exception inner)
        : base(message, inner)
    {
        Placeholder = string.Empty;
    }

    public string Placeholder { get; }
}
