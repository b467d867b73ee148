namespace Conformance.Inputs;

/// <summary>An input file cannot be used: not there, not a regular file, too large. The message is one line naming the file.</summary>
public sealed class InputFileException : Exception
{
    public InputFileException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
        Problem = problem;
    }

    public InputFileException()
    {
        Path = string.Empty;
        Problem = string.Empty;
    }

    public InputFileException(string message, Exception inner)
        : base(message, inner)
    {
        Path = string.Empty;
        Problem = message;
    }

    public string Path { get; }

    /// <summary>What is wrong, without the path (e.g. "file not found", "is a directory, not a file").</summary>
    public string Problem { get; }
}
