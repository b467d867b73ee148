namespace Conformance.Reports;

/// <summary>Thrown when a file is not a results.json this version of the harness can read (wrong shape or unknown schema).</summary>
public sealed class ResultsFormatException : Exception
{
    public ResultsFormatException(string message)
        : base(message)
    {
    }

    public ResultsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
