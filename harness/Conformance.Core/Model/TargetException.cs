namespace Conformance.Model;

/// <summary>The target could not be started, reached or acted on. Its message is one line meant for the user.</summary>
public sealed class TargetException : Exception
{
    public TargetException(string message)
        : base(message)
    {
    }

    public TargetException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TargetException()
    {
    }
}
